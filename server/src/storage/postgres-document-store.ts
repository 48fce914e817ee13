import * as Y from 'yjs';
import { AppError, type DocName } from '@wethink/shared';
import type {
  ContributionQuery,
  ContributionRow,
  DeletionRow,
  DocumentStore,
  LogTail,
  NewVersion,
  StoredDocument,
  StoredVersion,
  UpdateFeed,
  VersionMeta,
} from './document-store';
import type { PostgresDatabase, Queryable } from './postgres/postgres-database';
import { blob as buffer, contributionRow, storedVersion, toBytes as bytes, versionMeta } from './rows';

/**
 * One statement, so one transaction and one round trip per append: the head row of the document
 * is bumped by the batch size (and locked until commit, so commit order is sequence order and the
 * numbers have no gaps), then the updates are inserted under the numbers it reserved. A purged
 * document's head (a tombstone) is not bumped, so nothing is inserted.
 */
const APPEND_SQL = `
  WITH head AS (
    INSERT INTO doc_heads AS h (doc, seq) VALUES ($1, $2::bigint)
    ON CONFLICT (doc) DO UPDATE SET seq = h.seq + EXCLUDED.seq WHERE NOT h.purged
    RETURNING seq
  )
  INSERT INTO updates (doc, seq, data, created_at)
  SELECT $1, head.seq - $2::bigint + u.ord, u.data, $4
  FROM head, unnest($3::bytea[]) WITH ORDINALITY AS u(data, ord)
  RETURNING seq`;

/**
 * A document's head, the compacted state if it folded rows past $2, the updates after both (in
 * order) and its client-id bindings, as rows of one statement (one snapshot): `kind` says which,
 * `seq` carries the head, the through-number, the order or the client id. Loading asks from 0.
 */
const TAIL_SQL = `
  WITH state AS (SELECT state, through_seq FROM documents WHERE doc = $1)
  SELECT 'head' AS kind, seq, NULL::bytea AS data, NULL AS principal, 0 AS part FROM doc_heads WHERE doc = $1 AND NOT purged
  UNION ALL SELECT 'state', through_seq, state, NULL, 1 FROM state WHERE $2 = 0 OR through_seq > $2
  UNION ALL SELECT 'update', u.seq, u.data, NULL, 2 FROM updates u
    WHERE u.doc = $1 AND u.seq > GREATEST($2, COALESCE((SELECT through_seq FROM state), 0))
  UNION ALL SELECT 'owner', client_id, NULL, principal, 3 FROM client_owners WHERE doc = $1
  ORDER BY part, seq`;

const VERSION_COLUMNS =
  'id, doc, kind, name, created_at, created_by, base_id, depth, octet_length(state) AS state_bytes';
const CONTRIBUTION_COLUMNS =
  'doc, user_id, minute_ms, chars_inserted, chars_deleted, words_added, words_removed';

/**
 * Documents on PostgreSQL. A committed statement is durable (synchronous_commit), so `sync` has
 * nothing left to do. Loading reads the state, the log after it and the bindings in one statement
 * (one snapshot), so a compaction committing in between cannot hide rows; compaction takes a
 * transaction-level advisory lock per document, so two processes never fold the same log at once.
 */
export class PostgresDocumentStore implements DocumentStore, UpdateFeed {
  constructor(private readonly db: PostgresDatabase) {}

  /**
   * One statement, so one snapshot (a compaction committing meanwhile can hide no rows: the
   * consistency a REPEATABLE READ transaction would give) and one round trip instead of six.
   */
  async load(name: DocName): Promise<StoredDocument> {
    const tail = await this.readSince(name, 0);
    return {
      state: tail.state?.data ?? null,
      updates: tail.updates.map((row) => row.data),
      lastSeq: tail.head,
      clientOwners: tail.clientOwners,
      isChecked: true,
    };
  }

  async readSince(name: DocName, afterSeq: number): Promise<LogTail> {
    const result = await this.db.query(TAIL_SQL, [name, afterSeq]);
    const tail: LogTail = { head: 0, state: null, updates: [], clientOwners: new Map() };
    for (const row of result.rows) {
      if (row.kind === 'head') tail.head = Number(row.seq);
      else if (row.kind === 'state') tail.state = { data: bytes(row.data), throughSeq: Number(row.seq) };
      else if (row.kind === 'update') tail.updates.push({ seq: Number(row.seq), data: bytes(row.data) });
      else tail.clientOwners.set(Number(row.seq), String(row.principal));
    }
    return tail;
  }

  async heads(names: readonly DocName[]): Promise<Map<DocName, number>> {
    const heads = new Map<DocName, number>();
    if (names.length === 0) return heads;
    const result = await this.db.query('SELECT doc, seq FROM doc_heads WHERE doc = ANY($1) AND NOT purged', [
      names,
    ]);
    for (const row of result.rows) heads.set(String(row.doc) as DocName, Number(row.seq));
    return heads;
  }

  async appendUpdates(name: DocName, updates: readonly Uint8Array[]): Promise<number> {
    if (updates.length === 0) throw new RangeError(`appendUpdates(${name}) needs at least one update`);
    const result = await this.db.query(APPEND_SQL, [name, updates.length, updates.map(buffer), Date.now()]);
    if (result.rows.length === 0) throw purgedError(name);
    let last = 0;
    for (const row of result.rows) last = Math.max(last, Number(row.seq));
    return last;
  }

  async sync(): Promise<void> {}

  async compact(name: DocName, state: Uint8Array, throughSeq: number): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock(hashtext('compact:' || $1))", [name]);
      await refuseIfPurged(tx, name);
      // Another process may have compacted as far or further meanwhile: its state then stays.
      const stored = await tx.query(
        `INSERT INTO documents AS d (doc, state, through_seq, compacted_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (doc) DO UPDATE SET state = EXCLUDED.state, through_seq = EXCLUDED.through_seq,
           compacted_at = EXCLUDED.compacted_at
         WHERE d.through_seq < EXCLUDED.through_seq`,
        [name, buffer(state), throughSeq, Date.now()],
      );
      if (stored.rowCount === 0) return false;
      await tx.query('DELETE FROM updates WHERE doc = $1 AND seq <= $2', [name, throughSeq]);
      return true;
    });
  }

  async bindClients(name: DocName, clientIds: readonly number[], principal: string): Promise<void> {
    await this.db.query(
      `INSERT INTO client_owners (doc, client_id, principal)
       SELECT $1, id, $3 FROM unnest($2::bigint[]) AS ids(id)
       ON CONFLICT DO NOTHING`,
      [name, clientIds, principal],
    );
  }

  async recordContributions(
    rows: readonly ContributionRow[],
    deletions: readonly DeletionRow[],
  ): Promise<void> {
    if (rows.length === 0 && deletions.length === 0) return;
    await this.db.transaction(async (tx) => {
      if (rows.length > 0) {
        await tx.query(
          `INSERT INTO contributions AS c (doc, book, user_id, minute_ms, chars_inserted, chars_deleted, words_added, words_removed)
           SELECT doc, split_part(doc, '/', 1), user_id, minute_ms, ci, cd, wa, wr
           FROM unnest($1::text[], $2::text[], $3::bigint[], $4::int[], $5::int[], $6::int[], $7::int[])
             AS r(doc, user_id, minute_ms, ci, cd, wa, wr)
           WHERE NOT EXISTS (SELECT 1 FROM doc_heads h WHERE h.doc = r.doc AND h.purged)
           ON CONFLICT (doc, user_id, minute_ms) DO UPDATE SET
             chars_inserted = c.chars_inserted + EXCLUDED.chars_inserted,
             chars_deleted = c.chars_deleted + EXCLUDED.chars_deleted,
             words_added = c.words_added + EXCLUDED.words_added,
             words_removed = c.words_removed + EXCLUDED.words_removed`,
          [
            rows.map((row) => row.doc),
            rows.map((row) => row.userId),
            rows.map((row) => row.minuteMs),
            rows.map((row) => row.charsInserted),
            rows.map((row) => row.charsDeleted),
            rows.map((row) => row.wordsAdded),
            rows.map((row) => row.wordsRemoved),
          ],
        );
      }
      for (const deletion of deletions) {
        await tx.query(
          `INSERT INTO deletions (doc, user_id, at_ms, ranges) SELECT $1, $2, $3, $4
           WHERE NOT EXISTS (SELECT 1 FROM doc_heads h WHERE h.doc = $1 AND h.purged)`,
          [deletion.doc, deletion.userId, deletion.atMs, buffer(deletion.ranges)],
        );
      }
    });
  }

  async listContributions(query: ContributionQuery): Promise<ContributionRow[]> {
    const [column, key] = 'doc' in query.scope ? ['doc', query.scope.doc] : ['book', query.scope.bookId];
    const result = await this.db.query(
      `SELECT ${CONTRIBUTION_COLUMNS} FROM contributions
       WHERE ${column} = $1 AND minute_ms >= $2 AND minute_ms < $3 ORDER BY minute_ms, doc, user_id`,
      [key, finiteMs(query.fromMs), finiteMs(query.toMs)],
    );
    return result.rows.map(contributionRow);
  }

  async listDeletions(name: DocName): Promise<DeletionRow[]> {
    const result = await this.db.query(
      'SELECT user_id, at_ms, ranges FROM deletions WHERE doc = $1 ORDER BY id',
      [name],
    );
    return result.rows.map((row) => ({
      doc: name,
      userId: String(row.user_id),
      atMs: Number(row.at_ms),
      ranges: bytes(row.ranges),
    }));
  }

  /**
   * Stores a version. An automatic one that the newest stored version already equals (same Yjs
   * snapshot) is not stored again: several instances editing one chapter each take one when it
   * goes quiet, and the chapter's history should show it once. The check and the insert hold a
   * per-chapter lock, so two instances at the same moment cannot both miss the other's.
   */
  async saveVersion(version: NewVersion): Promise<VersionMeta> {
    return this.db.transaction(async (tx) => {
      await refuseIfPurged(tx, version.doc);
      if (version.kind === 'auto') {
        await tx.query("SELECT pg_advisory_xact_lock(hashtext('version:' || $1))", [version.doc]);
        const latest = await tx.query(
          `SELECT ${VERSION_COLUMNS}, snapshot FROM versions WHERE doc = $1 ORDER BY id DESC LIMIT 1`,
          [version.doc],
        );
        const row = latest.rows[0];
        if (row && isSameSnapshot(bytes(row.snapshot), version.snapshot)) return versionMeta(row);
      }
      const result = await tx.query(
        `INSERT INTO versions (doc, kind, name, created_at, created_by, state, snapshot, base_id, depth)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
        [
          version.doc,
          version.kind,
          version.name,
          version.createdAt,
          version.createdBy,
          buffer(version.state),
          buffer(version.snapshot),
          version.baseId,
          version.depth,
        ],
      );
      const { state: _state, snapshot: _snapshot, ...meta } = version;
      return { ...meta, id: Number(result.rows[0]!.id), stateBytes: version.state.byteLength };
    });
  }

  async listVersions(name: DocName): Promise<VersionMeta[]> {
    const result = await this.db.query(`SELECT ${VERSION_COLUMNS} FROM versions WHERE doc = $1 ORDER BY id`, [
      name,
    ]);
    return result.rows.map(versionMeta);
  }

  async loadVersion(name: DocName, id: number): Promise<StoredVersion | null> {
    const result = await this.db.query(
      `SELECT ${VERSION_COLUMNS}, state, snapshot FROM versions WHERE doc = $1 AND id = $2`,
      [name, id],
    );
    return result.rows[0] ? storedVersion(result.rows[0]) : null;
  }

  async latestVersion(name: DocName): Promise<StoredVersion | null> {
    const result = await this.db.query(
      `SELECT ${VERSION_COLUMNS}, state, snapshot FROM versions WHERE doc = $1 ORDER BY id DESC LIMIT 1`,
      [name],
    );
    return result.rows[0] ? storedVersion(result.rows[0]) : null;
  }

  async listDocuments(): Promise<DocName[]> {
    const result = await this.db.query('SELECT doc FROM doc_heads WHERE NOT purged');
    return result.rows.map((row) => String(row.doc) as DocName).sort();
  }

  async listChapters(bookId: string): Promise<DocName[]> {
    // '0' sorts right after '/' in the C collation: the range holds exactly `<bookId>/…`.
    const [from, to] = [`${bookId}/`, `${bookId}0`];
    const result = await this.db.query(
      `SELECT doc FROM doc_heads WHERE doc COLLATE "C" >= $1 AND doc COLLATE "C" < $2 AND NOT purged
       UNION SELECT doc FROM versions WHERE doc COLLATE "C" >= $1 AND doc COLLATE "C" < $2
       ORDER BY 1`,
      [from, to],
    );
    return result.rows.map((row) => String(row.doc) as DocName).sort();
  }

  /**
   * Deletes the documents' rows in one transaction and leaves their head rows as tombstones,
   * marked first: the mark waits for an append in flight (it holds the head row) and every later
   * append, compaction, version or contribution of the documents is refused, so another instance
   * that still holds one loaded cannot store it again (its peers are closed once the book's index
   * records the purge; see structure/purge-watch.ts).
   */
  async purgeDocuments(names: readonly DocName[]): Promise<void> {
    if (names.length === 0) return;
    const tables = ['updates', 'documents', 'client_owners', 'contributions', 'deletions', 'versions'];
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO doc_heads AS h (doc, seq, purged) SELECT doc, 0, true FROM unnest($1::text[]) AS d(doc)
         ON CONFLICT (doc) DO UPDATE SET purged = true`,
        [names],
      );
      for (const table of tables) await tx.query(`DELETE FROM ${table} WHERE doc = ANY($1)`, [names]);
    });
  }

  /** The database belongs to whoever opened it (server.ts closes it after both stores). */
  async close(): Promise<void> {}
}

/** Why a purged document's rows are not stored: the room that holds it drops it (room-registry). */
function purgedError(name: DocName): AppError {
  return new AppError('document-not-found', `${name} was purged`);
}

async function refuseIfPurged(tx: Queryable, name: DocName): Promise<void> {
  const result = await tx.query('SELECT 1 FROM doc_heads WHERE doc = $1 AND purged', [name]);
  if (result.rows.length > 0) throw purgedError(name);
}

/** An open end of a time range (±Infinity) as the widest bigint a millisecond time can be. */
function finiteMs(ms: number): number {
  return Math.max(-Number.MAX_SAFE_INTEGER, Math.min(Number.MAX_SAFE_INTEGER, ms));
}

/** Whether two encoded (V2) Yjs snapshots describe the same document state. */
function isSameSnapshot(a: Uint8Array, b: Uint8Array): boolean {
  try {
    return Y.equalSnapshots(Y.decodeSnapshotV2(a), Y.decodeSnapshotV2(b));
  } catch {
    return false; // an unreadable stored snapshot: store the new version rather than guess
  }
}

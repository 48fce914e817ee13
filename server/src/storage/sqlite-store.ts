import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'libsql';
import type { DocName } from '@wethink/shared';
import type {
  ContributionQuery,
  ContributionRow,
  DeletionRow,
  DocumentStore,
  NewVersion,
  StoredDocument,
  StoredVersion,
  VersionKind,
  VersionMeta,
} from './document-store';
import { migrate } from './sqlite-migrations';

const fsyncAsync = promisify(fs.fsync);

type Row = Record<string, unknown>;

/**
 * The embedded default. WAL mode with `synchronous=NORMAL`: each append is its own committed
 * transaction written to the WAL (it survives `kill -9` of this process at once), and `sync`
 * fsyncs the WAL file on the libuv thread pool so durability never blocks the event loop.
 * SQLite fsyncs the WAL itself before each checkpoint, so frames moved into the main file are
 * durable as well.
 */
export class SqliteDocumentStore implements DocumentStore {
  private readonly walFd: number;
  private readonly insertUpdate: Database.Statement;
  private readonly begin: Database.Statement;
  private readonly commit: Database.Statement;
  private readonly rollback: Database.Statement;
  private readonly selectState: Database.Statement;
  private readonly selectUpdates: Database.Statement;
  private readonly upsertState: Database.Statement;
  private readonly deleteUpdates: Database.Statement;
  private readonly history: HistoryStatements;
  private isClosed = false;

  private constructor(
    private readonly db: Database.Database,
    readonly filePath: string,
  ) {
    this.insertUpdate = db.prepare('INSERT INTO updates (doc, data, created_at) VALUES (?, ?, ?)');
    this.begin = db.prepare('BEGIN');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    this.selectState = db.prepare('SELECT state, through_seq FROM documents WHERE doc = ?');
    this.selectUpdates = db.prepare('SELECT seq, data FROM updates WHERE doc = ? ORDER BY seq');
    this.upsertState = db.prepare(
      `INSERT INTO documents (doc, state, through_seq, compacted_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (doc) DO UPDATE SET state = excluded.state, through_seq = excluded.through_seq,
         compacted_at = excluded.compacted_at`,
    );
    this.deleteUpdates = db.prepare('DELETE FROM updates WHERE doc = ? AND seq <= ?');
    this.history = prepareHistory(db);
    this.walFd = fs.openSync(`${filePath}-wal`, 'r');
  }

  /** Opens (creating if needed) the database file and brings its schema up to date. */
  static open(filePath: string): SqliteDocumentStore {
    fs.mkdirSync(path.dirname(filePath), { recursive: true });
    const db = new Database(filePath);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    migrate(db, 'sqlite');
    // The WAL file exists once a write happened; make sure it does, then make its directory entry durable.
    db.exec('CREATE TABLE IF NOT EXISTS wal_touch (x INTEGER); DROP TABLE wal_touch;');
    fsyncDirectory(path.dirname(filePath));
    return new SqliteDocumentStore(db, filePath);
  }

  async load(name: DocName): Promise<StoredDocument> {
    const stateRow = this.selectState.get(name) as Row | undefined;
    const rows = this.selectUpdates.all(name) as Row[];
    const state = stateRow ? toBytes(stateRow.state) : null;
    const stateSeq = stateRow ? Number(stateRow.through_seq) : 0;
    const last = rows.at(-1);
    const owners = this.history.selectOwners.all(name) as Row[];
    return {
      state,
      updates: rows.map((row) => toBytes(row.data)),
      lastSeq: last ? Number(last.seq) : stateSeq,
      clientOwners: new Map(owners.map((row) => [Number(row.client_id), String(row.principal)])),
    };
  }

  appendUpdate(name: DocName, update: Uint8Array): number {
    return Number(this.insertUpdate.run(name, blob(update), Date.now()).lastInsertRowid);
  }

  /**
   * One transaction for the lot: a commit (a WAL write of every page it touched) costs about ten
   * inserts, so a turn's updates stored together cost far less than one commit each.
   */
  appendUpdates(name: DocName, updates: readonly Uint8Array[]): number {
    if (updates.length === 0) throw new RangeError(`appendUpdates(${name}) needs at least one update`);
    if (updates.length === 1) return this.appendUpdate(name, updates[0]!);
    const createdAt = Date.now();
    this.begin.run();
    try {
      let seq = 0;
      for (const update of updates) {
        seq = Number(this.insertUpdate.run(name, blob(update), createdAt).lastInsertRowid);
      }
      this.commit.run();
      return seq;
    } catch (error) {
      // A failed COMMIT may already have rolled back (SQLite does on some errors): check first.
      if (this.db.inTransaction) this.rollback.run();
      throw error;
    }
  }

  async sync(): Promise<void> {
    if (this.isClosed) return;
    await fsyncAsync(this.walFd);
  }

  async compact(name: DocName, state: Uint8Array, throughSeq: number): Promise<void> {
    const run = this.db.transaction(() => {
      this.upsertState.run(
        name,
        Buffer.from(state.buffer, state.byteOffset, state.byteLength),
        throughSeq,
        Date.now(),
      );
      this.deleteUpdates.run(name, throughSeq);
    });
    run();
  }

  bindClients(name: DocName, clientIds: readonly number[], principal: string): void {
    if (clientIds.length === 1) {
      this.history.insertOwner.run(name, clientIds[0]!, principal);
      return;
    }
    this.db.transaction(() => {
      for (const clientId of clientIds) this.history.insertOwner.run(name, clientId, principal);
    })();
  }

  async recordContributions(
    rows: readonly ContributionRow[],
    deletions: readonly DeletionRow[],
  ): Promise<void> {
    this.db.transaction(() => {
      for (const row of rows) {
        this.history.upsertContribution.run(
          row.doc,
          row.doc.split('/', 1)[0]!,
          row.userId,
          row.minuteMs,
          row.charsInserted,
          row.charsDeleted,
          row.wordsAdded,
          row.wordsRemoved,
        );
      }
      for (const deletion of deletions) {
        this.history.insertDeletion.run(deletion.doc, deletion.userId, deletion.atMs, blob(deletion.ranges));
      }
    })();
  }

  async listContributions(query: ContributionQuery): Promise<ContributionRow[]> {
    const rows = (
      'doc' in query.scope
        ? this.history.selectDocContributions.all(query.scope.doc, query.fromMs, query.toMs)
        : this.history.selectBookContributions.all(query.scope.bookId, query.fromMs, query.toMs)
    ) as Row[];
    return rows.map((row) => ({
      doc: String(row.doc) as DocName,
      userId: String(row.user_id),
      minuteMs: Number(row.minute_ms),
      charsInserted: Number(row.chars_inserted),
      charsDeleted: Number(row.chars_deleted),
      wordsAdded: Number(row.words_added),
      wordsRemoved: Number(row.words_removed),
    }));
  }

  async listDeletions(name: DocName): Promise<DeletionRow[]> {
    return (this.history.selectDeletions.all(name) as Row[]).map((row) => ({
      doc: name,
      userId: String(row.user_id),
      atMs: Number(row.at_ms),
      ranges: toBytes(row.ranges),
    }));
  }

  async saveVersion(version: NewVersion): Promise<VersionMeta> {
    const result = this.history.insertVersion.run(
      version.doc,
      version.kind,
      version.name,
      version.createdAt,
      version.createdBy,
      blob(version.state),
      blob(version.snapshot),
      version.baseId,
      version.depth,
    );
    const { state: _state, snapshot: _snapshot, ...meta } = version;
    return { ...meta, id: Number(result.lastInsertRowid), stateBytes: version.state.byteLength };
  }

  async listVersions(name: DocName): Promise<VersionMeta[]> {
    return (this.history.selectVersions.all(name) as Row[]).map(versionMeta);
  }

  async loadVersion(name: DocName, id: number): Promise<StoredVersion | null> {
    const row = this.history.selectVersion.get(name, id) as Row | undefined;
    return row ? storedVersion(row) : null;
  }

  async latestVersion(name: DocName): Promise<StoredVersion | null> {
    const row = this.history.selectLatestVersion.get(name) as Row | undefined;
    return row ? storedVersion(row) : null;
  }

  async listChapters(bookId: string): Promise<DocName[]> {
    // '0' sorts right after '/': the range holds exactly the names that start with `<bookId>/`.
    const [from, to] = [`${bookId}/`, `${bookId}0`];
    const rows = this.history.selectChapters.all(from, to, from, to, from, to) as Row[];
    return rows.map((row) => String(row.doc) as DocName);
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    await this.sync();
    this.isClosed = true;
    fs.closeSync(this.walFd);
    this.db.close();
  }
}

interface HistoryStatements {
  selectOwners: Database.Statement;
  insertOwner: Database.Statement;
  upsertContribution: Database.Statement;
  selectDocContributions: Database.Statement;
  selectBookContributions: Database.Statement;
  insertDeletion: Database.Statement;
  selectDeletions: Database.Statement;
  insertVersion: Database.Statement;
  selectVersions: Database.Statement;
  selectVersion: Database.Statement;
  selectLatestVersion: Database.Statement;
  selectChapters: Database.Statement;
}

const contributionColumns =
  'doc, user_id, minute_ms, chars_inserted, chars_deleted, words_added, words_removed';
const versionColumns =
  'id, doc, kind, name, created_at, created_by, base_id, depth, length(state) AS state_bytes';

function prepareHistory(db: Database.Database): HistoryStatements {
  return {
    selectOwners: db.prepare('SELECT client_id, principal FROM client_owners WHERE doc = ?'),
    insertOwner: db.prepare(
      'INSERT INTO client_owners (doc, client_id, principal) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    upsertContribution: db.prepare(
      `INSERT INTO contributions (doc, book, user_id, minute_ms, chars_inserted, chars_deleted, words_added, words_removed)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (doc, user_id, minute_ms) DO UPDATE SET
         chars_inserted = chars_inserted + excluded.chars_inserted,
         chars_deleted = chars_deleted + excluded.chars_deleted,
         words_added = words_added + excluded.words_added,
         words_removed = words_removed + excluded.words_removed`,
    ),
    selectDocContributions: db.prepare(
      `SELECT ${contributionColumns} FROM contributions WHERE doc = ? AND minute_ms >= ? AND minute_ms < ?
       ORDER BY minute_ms`,
    ),
    selectBookContributions: db.prepare(
      `SELECT ${contributionColumns} FROM contributions WHERE book = ? AND minute_ms >= ? AND minute_ms < ?
       ORDER BY minute_ms`,
    ),
    insertDeletion: db.prepare('INSERT INTO deletions (doc, user_id, at_ms, ranges) VALUES (?, ?, ?, ?)'),
    selectDeletions: db.prepare('SELECT user_id, at_ms, ranges FROM deletions WHERE doc = ? ORDER BY id'),
    insertVersion: db.prepare(
      `INSERT INTO versions (doc, kind, name, created_at, created_by, state, snapshot, base_id, depth)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    selectVersions: db.prepare(`SELECT ${versionColumns} FROM versions WHERE doc = ? ORDER BY id`),
    selectVersion: db.prepare(
      `SELECT ${versionColumns}, state, snapshot FROM versions WHERE doc = ? AND id = ?`,
    ),
    selectLatestVersion: db.prepare(
      `SELECT ${versionColumns}, state, snapshot FROM versions WHERE doc = ? ORDER BY id DESC LIMIT 1`,
    ),
    selectChapters: db.prepare(
      `SELECT doc FROM updates WHERE doc >= ? AND doc < ?
       UNION SELECT doc FROM documents WHERE doc >= ? AND doc < ?
       UNION SELECT doc FROM versions WHERE doc >= ? AND doc < ?
       ORDER BY doc`,
    ),
  };
}

function versionMeta(row: Row): VersionMeta {
  return {
    id: Number(row.id),
    doc: String(row.doc) as DocName,
    kind: String(row.kind) as VersionKind,
    name: row.name === null ? null : String(row.name),
    createdAt: Number(row.created_at),
    createdBy: row.created_by === null ? null : String(row.created_by),
    baseId: row.base_id === null ? null : Number(row.base_id),
    depth: Number(row.depth),
    stateBytes: Number(row.state_bytes),
  };
}

function storedVersion(row: Row): StoredVersion {
  return { ...versionMeta(row), state: toBytes(row.state), snapshot: toBytes(row.snapshot) };
}

const blob = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

function fsyncDirectory(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** libsql returns BLOBs as ArrayBuffer or Buffer depending on version; normalise to a Uint8Array. */
function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw new TypeError(`expected a BLOB, got ${typeof value}`);
}

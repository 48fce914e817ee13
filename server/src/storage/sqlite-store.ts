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
  VersionMeta,
} from './document-store';
import { prepareHistory, type HistoryStatements } from './sqlite-history-statements';
import { migrate } from './sqlite-migrations';
import { blob, contributionRow, storedVersion, toBytes, versionMeta, type Row } from './rows';

const fsyncAsync = promisify(fs.fsync);

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
    this.insertUpdate = db.prepare(
      'INSERT INTO updates (doc, data, created_at, is_checked) VALUES (?, ?, ?, 1)',
    );
    this.begin = db.prepare('BEGIN');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    this.selectState = db.prepare('SELECT state, through_seq, is_checked FROM documents WHERE doc = ?');
    this.selectUpdates = db.prepare('SELECT seq, data, is_checked FROM updates WHERE doc = ? ORDER BY seq');
    this.upsertState = db.prepare(
      `INSERT INTO documents (doc, state, through_seq, compacted_at, is_checked) VALUES (?, ?, ?, ?, 1)
       ON CONFLICT (doc) DO UPDATE SET state = excluded.state, through_seq = excluded.through_seq,
         compacted_at = excluded.compacted_at, is_checked = 1`,
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
      isChecked:
        (!stateRow || Number(stateRow.is_checked) === 1) && rows.every((row) => Number(row.is_checked) === 1),
    };
  }

  /**
   * One transaction for the lot: a commit (a WAL write of every page it touched) costs about ten
   * inserts, so a turn's updates stored together cost far less than one commit each. Runs on the
   * event loop (libsql is synchronous): the promise is already settled when it returns.
   */
  async appendUpdates(name: DocName, updates: readonly Uint8Array[]): Promise<number> {
    if (updates.length === 0) throw new RangeError(`appendUpdates(${name}) needs at least one update`);
    if (updates.length === 1) {
      return Number(this.insertUpdate.run(name, blob(updates[0]!), Date.now()).lastInsertRowid);
    }
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

  async compact(name: DocName, state: Uint8Array, throughSeq: number): Promise<boolean> {
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
    return true;
  }

  async bindClients(name: DocName, clientIds: readonly number[], principal: string): Promise<void> {
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
    return rows.map(contributionRow);
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

  async listDocuments(): Promise<DocName[]> {
    const rows = this.db
      .prepare('SELECT doc FROM updates UNION SELECT doc FROM documents ORDER BY doc')
      .all() as Row[];
    return rows.map((row) => String(row.doc) as DocName);
  }

  async listChapters(bookId: string): Promise<DocName[]> {
    // '0' sorts right after '/': the range holds exactly the names that start with `<bookId>/`.
    const [from, to] = [`${bookId}/`, `${bookId}0`];
    const rows = this.history.selectChapters.all(from, to, from, to, from, to) as Row[];
    return rows.map((row) => String(row.doc) as DocName);
  }

  async purgeDocuments(names: readonly DocName[]): Promise<void> {
    const tables = ['updates', 'documents', 'client_owners', 'contributions', 'deletions', 'versions'];
    const statements = tables.map((table) => this.db.prepare(`DELETE FROM ${table} WHERE doc = ?`));
    this.db.transaction(() => {
      for (const name of names) for (const statement of statements) statement.run(name);
    })();
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    await this.sync();
    this.isClosed = true;
    fs.closeSync(this.walFd);
    this.db.close();
  }
}

function fsyncDirectory(dir: string): void {
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

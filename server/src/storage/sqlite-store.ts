import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import Database from 'libsql';
import type { DocName } from '@wethink/shared';
import type { DocumentStore, StoredDocument } from './document-store';
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
  private readonly selectState: Database.Statement;
  private readonly selectUpdates: Database.Statement;
  private readonly upsertState: Database.Statement;
  private readonly deleteUpdates: Database.Statement;
  private isClosed = false;

  private constructor(
    private readonly db: Database.Database,
    readonly filePath: string,
  ) {
    this.insertUpdate = db.prepare('INSERT INTO updates (doc, data, created_at) VALUES (?, ?, ?)');
    this.selectState = db.prepare('SELECT state, through_seq FROM documents WHERE doc = ?');
    this.selectUpdates = db.prepare('SELECT seq, data FROM updates WHERE doc = ? ORDER BY seq');
    this.upsertState = db.prepare(
      `INSERT INTO documents (doc, state, through_seq, compacted_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (doc) DO UPDATE SET state = excluded.state, through_seq = excluded.through_seq,
         compacted_at = excluded.compacted_at`,
    );
    this.deleteUpdates = db.prepare('DELETE FROM updates WHERE doc = ? AND seq <= ?');
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
    return {
      state,
      updates: rows.map((row) => toBytes(row.data)),
      lastSeq: last ? Number(last.seq) : stateSeq,
    };
  }

  appendUpdate(name: DocName, update: Uint8Array): number {
    const result = this.insertUpdate.run(
      name,
      Buffer.from(update.buffer, update.byteOffset, update.byteLength),
      Date.now(),
    );
    return Number(result.lastInsertRowid);
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

/** libsql returns BLOBs as ArrayBuffer or Buffer depending on version; normalise to a Uint8Array. */
function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw new TypeError(`expected a BLOB, got ${typeof value}`);
}

import * as Y from 'yjs';

/** Updates kept before they are folded into one: y-indexeddb's threshold, kept for the same files. */
const COMPACT_AT = 500;
const UPDATES = 'updates';
/**
 * Writes are at most this often: each is an IndexedDB transaction (~0.5 ms of the main thread in
 * Chromium), and co-authors' updates arrive between keystrokes, so writing after every task cost
 * more than wethink's whole keystroke budget over a bare editor (issue 19). A closed or hidden page
 * writes at once (`flush`), and nothing counts as stored before its transaction commits.
 */
const WRITE_EVERY_MS = 200;

/**
 * A document's updates in this device's IndexedDB, so edits survive a closed tab and reload offline.
 * The database is y-indexeddb's (named by the caller, an auto-increment `updates` store and a
 * `custom` one), so what earlier versions of the client stored loads, and theirs would load ours.
 *
 * Unlike y-indexeddb, which opens an IndexedDB transaction inside each update, a keystroke's update
 * is only noted: what arrived since the last write is written as one merged update in a later task,
 * after the frame that shows the keystroke (that write was ~1 ms of each keystroke's task), and no
 * sooner than `writeEveryMs` after the last write. An update counts as on this device
 * (`afterStored`) only once the transaction that holds it has committed, so the save indicator
 * never runs ahead of the disk. Remote updates are stored too, so the device has the whole document.
 */
export class DeviceStore {
  /** True once what the device held has been applied to the document. */
  synced = false;
  readonly whenSynced: Promise<void>;
  private db: IDBDatabase | null = null;
  private isDestroyed = false;
  /** Updates not yet in a transaction, and who waits for them to be committed. */
  private pending: Uint8Array[] = [];
  private waitingForPending: Array<() => void> = [];
  /** Who waits for the transactions already under way: called when the last of them commits. */
  private waitingForWrites: Array<() => void> = [];
  private writesUnderway = 0;
  private isFlushQueued = false;
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private lastWriteAt = -Infinity;
  /** A write failed (the device is full): nothing is said to be stored from then on. */
  private hasFailed = false;
  private storedCount = 0;
  private readonly nextTask = new MessageChannel();

  constructor(
    private readonly name: string,
    private readonly doc: Y.Doc,
    private readonly writeEveryMs = WRITE_EVERY_MS,
  ) {
    doc.on('update', this.onUpdate);
    this.nextTask.port1.onmessage = this.onFlushDue;
    // A device that cannot store (IndexedDB refused) leaves `synced` false and calls no one back:
    // the page then says nothing is on this device, which is the truth.
    this.whenSynced = this.open()
      .then((db) => this.load(db))
      .catch(() => undefined);
  }

  /**
   * Calls `callback` once every update the document has had so far is committed on this device
   * (at once, in a microtask, when nothing is waiting); never after `destroy`.
   */
  afterStored(callback: () => void): void {
    if (this.isDestroyed || this.hasFailed) return;
    if (this.pending.length > 0 || !this.synced) this.waitingForPending.push(callback);
    else if (this.writesUnderway > 0) this.waitingForWrites.push(callback);
    else queueMicrotask(callback);
  }

  /** Writes what is pending now, in this task (the page is going away). */
  flush(): void {
    const db = this.db;
    if (db === null || !this.synced || this.pending.length === 0) return;
    this.lastWriteAt = performance.now();
    const updates = this.pending.splice(0);
    const waiting = this.waitingForPending.splice(0);
    this.write(
      db,
      (store) => {
        store.add(updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates));
        this.storedCount += 1;
      },
      waiting,
    );
    if (this.storedCount >= COMPACT_AT) this.compact(db);
  }

  /** Stops storing; what is pending is written first, then the database is closed. */
  destroy(): Promise<void> {
    if (this.isDestroyed) return Promise.resolve();
    this.flush();
    this.isDestroyed = true;
    this.doc.off('update', this.onUpdate);
    this.nextTask.port1.close();
    if (this.flushTimer !== null) clearTimeout(this.flushTimer);
    // close() lets the transactions under way commit.
    return this.whenSynced.then(
      () => this.db?.close(),
      () => undefined,
    );
  }

  private readonly onUpdate = (update: Uint8Array, origin: unknown) => {
    if (origin === this || this.isDestroyed) return;
    this.pending.push(update);
    if (this.isFlushQueued) return;
    this.isFlushQueued = true;
    const wait = this.lastWriteAt + this.writeEveryMs - performance.now();
    // A message, not a zero timeout: it is not clamped or throttled in a background tab.
    if (wait <= 0) this.nextTask.port2.postMessage(null);
    else this.flushTimer = setTimeout(this.onFlushDue, wait);
  };

  private readonly onFlushDue = () => {
    this.isFlushQueued = false;
    this.flushTimer = null;
    this.flush();
  };

  private open(): Promise<IDBDatabase> {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(this.name);
      request.onupgradeneeded = () => {
        request.result.createObjectStore(UPDATES, { autoIncrement: true });
        request.result.createObjectStore('custom');
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error ?? new Error(`cannot open ${this.name}`));
    });
  }

  /**
   * Applies what the device holds, and stores the document as it was before that (it may have
   * changed before the database opened): one transaction, so nothing is lost in between.
   */
  private load(db: IDBDatabase): Promise<void> {
    if (this.isDestroyed) {
      db.close();
      return Promise.resolve();
    }
    this.db = db;
    const waiting = this.waitingForPending.splice(0);
    this.pending = [];
    return new Promise<void>((resolve) => {
      this.write(
        db,
        (store) => {
          store.add(Y.encodeStateAsUpdate(this.doc));
          const all = store.getAll();
          all.onsuccess = () => {
            // Destroyed meanwhile: the document is gone, but `destroy` waits for this.
            if (this.isDestroyed) return resolve();
            const updates = all.result as Uint8Array[];
            this.storedCount = updates.length;
            Y.transact(
              this.doc,
              () => updates.forEach((update) => Y.applyUpdate(this.doc, update)),
              this,
              false,
            );
            this.synced = true;
            resolve();
          };
        },
        waiting,
      );
    }).then(() => {
      if (this.isDestroyed) return;
      if (this.storedCount >= COMPACT_AT) this.compact(db);
      this.flush();
    });
  }

  /**
   * Folds the stored updates into one: the document's state (with whatever another tab stored since,
   * applied first) replaces every update up to the last one read, in one transaction.
   */
  private compact(db: IDBDatabase): void {
    this.storedCount = 0;
    this.write(
      db,
      (store) => {
        const keys = store.getAllKeys();
        const all = store.getAll();
        all.onsuccess = () => {
          const last = keys.result[keys.result.length - 1];
          Y.transact(
            this.doc,
            () => (all.result as Uint8Array[]).forEach((u) => Y.applyUpdate(this.doc, u)),
            this,
            false,
          );
          store.add(Y.encodeStateAsUpdate(this.doc));
          if (last !== undefined) store.delete(IDBKeyRange.upperBound(last));
          this.storedCount = 1;
        };
      },
      [],
    );
  }

  /** One read-write transaction on the updates; `waiting` is called once it and all before it commit. */
  private write(db: IDBDatabase, body: (store: IDBObjectStore) => void, waiting: Array<() => void>): void {
    const transaction = db.transaction(UPDATES, 'readwrite');
    this.writesUnderway += 1;
    this.waitingForWrites.push(...waiting);
    const settle = (isCommitted: boolean) => {
      this.writesUnderway -= 1;
      // A failed transaction (the device is full) stores nothing and tells nobody, then or later:
      // the unsaved count stays up, which is the truth.
      if (!isCommitted) this.hasFailed = true;
      if (this.hasFailed) this.waitingForWrites = [];
      // Transactions on one store commit in the order they were made: when the last under way is
      // done, everything noted before it is stored.
      if (this.writesUnderway > 0 || this.isDestroyed) return;
      for (const callback of this.waitingForWrites.splice(0)) callback();
    };
    transaction.oncomplete = () => settle(true);
    transaction.onabort = () => settle(false);
    body(transaction.objectStore(UPDATES));
  }
}

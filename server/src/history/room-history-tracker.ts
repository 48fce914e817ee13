import * as Y from 'yjs';
import type { DocName } from '@wethink/shared';
import type { VersionKind, VersionMeta } from '../storage/document-store';
import { isWriteOrigin, userIdOfPrincipal, type RoomHistory } from '../sync/room-history';
import type { ContributionBuffer } from './contribution-buffer';
import { countTransaction } from './transaction-counts';
import type { ChainTip } from './version-chain';

export interface VersionRequest {
  kind: VersionKind;
  name: string | null;
  createdBy: string | null;
}

export interface RoomHistoryTrackerDeps {
  name: DocName;
  doc: Y.Doc;
  buffer: ContributionBuffer;
  now: () => number;
  versionQuietMs: number;
  versionMaxWaitMs: number;
  /** Stores a version of `update` (the whole document as a V2 update) following `tip`. */
  saveVersion: (
    request: VersionRequest,
    update: Uint8Array,
    snapshot: Y.Snapshot,
    tip: ChainTip | null,
  ) => Promise<VersionMeta>;
  /** The newest stored version of this chapter, or null when it has none. */
  latestVersion: () => Promise<ChainTip | null>;
  onVersionError: (error: unknown) => void;
  /** Called after each counted edit (the recorder schedules its buffered write). */
  onEdit: () => void;
  onDispose: (tracker: RoomHistoryTracker) => void;
  /**
   * Encodes the whole document for a version (default `Y.encodeStateAsUpdateV2`). @internal
   * tests pass a counting one: the encode is the costly part of a version.
   */
  encodeState?: (doc: Y.Doc) => Uint8Array;
}

/**
 * The history of one room: counts every accepted transaction into the shared buffer and takes an
 * automatic version once editing goes quiet (or after the max wait while it never does), and when
 * the last writer leaves. One timer per room, armed on the first edit after a version; an edit
 * only records a time, so the keystroke path sets no timers.
 */
export class RoomHistoryTracker implements RoomHistory {
  /** Unknown after a load (edits may predate this process): the snapshot comparison decides. */
  private isDirty = true;
  private firstEditMs: number | null = null;
  private lastEditMs = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private chain: Promise<unknown> = Promise.resolve();
  /** The newest stored version; undefined until known. */
  private tip: ChainTip | null | undefined = undefined;
  private isDisposed = false;

  constructor(private readonly deps: RoomHistoryTrackerDeps) {}

  start(): this {
    this.deps.doc.on('afterTransaction', this.onTransaction);
    return this;
  }

  private readonly onTransaction = (tr: Y.Transaction): void => {
    if (!isWriteOrigin(tr.origin)) return;
    const counts = countTransaction(tr);
    if (!counts.hasChanges) return;
    const now = this.deps.now();
    const userId = userIdOfPrincipal(tr.origin.principal);
    if (userId !== null) {
      this.deps.buffer.add(this.deps.name, userId, now, counts);
      this.deps.onEdit();
    }
    this.isDirty = true;
    this.lastEditMs = now;
    this.firstEditMs ??= now;
    if (!this.timer && !this.isDisposed) this.arm(this.deps.versionQuietMs);
  };

  private arm(delayMs: number): void {
    this.timer = setTimeout(() => this.onTimer(), delayMs);
    this.timer.unref();
  }

  private onTimer(): void {
    this.timer = null;
    if (this.firstEditMs === null) return;
    const now = this.deps.now();
    const quietLeftMs = this.lastEditMs + this.deps.versionQuietMs - now;
    const waitLeftMs = this.firstEditMs + this.deps.versionMaxWaitMs - now;
    if (quietLeftMs <= 0 || waitLeftMs <= 0) {
      void this.version({ kind: 'auto', name: null, createdBy: null });
      return;
    }
    this.arm(Math.min(quietLeftMs, waitLeftMs));
  }

  writerLeft(writersLeft: number): void {
    if (writersLeft === 0 && this.isDirty) void this.version({ kind: 'auto', name: null, createdBy: null });
  }

  /**
   * Takes a version of the document. A named one is of the document as it is now (captured
   * synchronously; compressed and stored after). An automatic one is first compared with the
   * newest version (a snapshot is cheap; encoding the whole document is not) and skipped when
   * nothing changed, which is what a writer leaving a chapter that was only read since it loaded
   * finds; otherwise it is of the document as it is once that comparison is done. Versions of one
   * room are stored in order.
   */
  version(request: VersionRequest): Promise<VersionMeta | null> {
    const { doc } = this.deps;
    // A chapter nobody ever wrote in (opened and left) has nothing worth a version.
    if (request.kind === 'auto' && doc.store.clients.size === 0) {
      this.isDirty = false;
      return Promise.resolve(null);
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.isDirty = false;
    this.firstEditMs = null;
    const encode = this.deps.encodeState ?? Y.encodeStateAsUpdateV2;
    const taken = request.kind === 'named' ? { update: encode(doc), snapshot: Y.snapshot(doc) } : null;
    const saved = this.chain.then(async () => {
      if (this.tip === undefined) this.tip = await this.deps.latestVersion();
      const snapshot = taken?.snapshot ?? Y.snapshot(doc);
      if (!taken && this.tip && Y.equalSnapshots(this.tip.snapshot, snapshot)) return null;
      const meta = await this.deps.saveVersion(request, taken?.update ?? encode(doc), snapshot, this.tip);
      this.tip = { id: meta.id, depth: meta.depth, snapshot };
      return meta;
    });
    // The chain's handler also marks `saved` handled: an automatic version's failure is logged there.
    this.chain = saved.catch((error: unknown) => {
      this.isDirty = true;
      this.deps.onVersionError(error);
    });
    return saved;
  }

  /** Resolves once every version asked for so far is stored (or failed). */
  settled(): Promise<unknown> {
    return this.chain;
  }

  dispose(): void {
    this.isDisposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.deps.doc.off('afterTransaction', this.onTransaction);
    this.deps.onDispose(this);
  }
}

import * as Y from 'yjs';
import { AppError, CloseCode, type DocName } from '@wethink/shared';
import type { Logger } from '../logger';
import type { DocumentStore, StoredDocument } from '../storage/document-store';
import type { GroupCommit } from './group-commit';
import type { Peer } from './peer';
import { CompactionSchedule } from './compaction-schedule';
import { PendingAppends, type PendingAppend } from './pending-appends';
import type { WriteOrigin } from './room-history';
import type { SyncMetrics } from './sync-metrics';
import { inspectUpdate, type GuardContext } from './update-guard';

export interface RoomWriterDeps {
  name: DocName;
  doc: Y.Doc;
  store: DocumentStore;
  groupCommit: GroupCommit;
  metrics: SyncMetrics;
  log: Logger;
  compactAfterUpdates: number;
  compactQuietMs: number;
}

/**
 * A room's write path: guard, then the turn's updates appended to the store in one call, then
 * (once the room has relayed them) applied to the live document; and compaction of the update
 * log. Neither the live document nor any peer ever holds an update the store lacks: the append
 * returns before the update goes anywhere.
 */
export class RoomWriter {
  private readonly owners: Map<number, string>;
  private readonly pending = new PendingAppends();
  private lastSeq: number;
  private updatesSinceCompact: number;
  private isCompacting = false;
  private readonly compaction: CompactionSchedule;
  /** What the guard reads of the live document and this turn's pending updates: built once. */
  private readonly guardReads: Omit<GuardContext, 'principal'>;

  constructor(
    private readonly deps: RoomWriterDeps,
    stored: StoredDocument,
  ) {
    this.owners = new Map(stored.clientOwners);
    this.lastSeq = stored.lastSeq;
    // An unchecked document (stored by an older server) owes a compaction that stores it checked.
    this.updatesSinceCompact = stored.updates.length + (stored.isChecked ? 0 : 1);
    this.compaction = new CompactionSchedule(
      { afterUpdates: deps.compactAfterUpdates, quietMs: deps.compactQuietMs },
      () =>
        void this.compact().catch((error: unknown) => deps.log.error({ err: error }, 'compaction failed')),
    );
    const { doc } = deps;
    const pending = this.pending;
    this.guardReads = {
      stateOf: (clientId) => {
        const live = Y.getState(doc.store, clientId);
        return pending.size === 0 ? live : Math.max(live, pending.clockOf(clientId) ?? 0);
      },
      ownerOf: (clientId) => this.owners.get(clientId),
    };
  }

  get hasPending(): boolean {
    return this.pending.size > 0;
  }

  get hasUncompactedUpdates(): boolean {
    return this.updatesSinceCompact > 0 || this.pending.size > 0;
  }

  /** The principal a client id is bound to (its first writer), if any. */
  ownerOf(clientId: number): string | undefined {
    return this.owners.get(clientId);
  }

  /** Forgets the client ids of a principal that does not outlive its connection (anonymous). */
  forget(principal: string): void {
    for (const [clientId, owner] of this.owners) if (owner === principal) this.owners.delete(clientId);
  }

  /** Checks a peer's update and queues it for the end of the turn. Throws `AppError` when refused. */
  accept(update: Uint8Array, sender: Peer): void {
    this.guard(update, sender.principal);
    this.pending.add({ update, origin: sender, sender });
  }

  /**
   * Checks and stores an update the server writes on a user's behalf, after nothing is pending
   * (the caller stored that first). Throws `AppError` when refused or not stored. Returns it to
   * be relayed and applied, as `appendPending` does.
   */
  appendNow(update: Uint8Array, origin: WriteOrigin): readonly PendingAppend[] {
    if (this.pending.size > 0) throw new Error('appendNow with updates pending');
    this.guard(update, origin.principal);
    const batch = [{ update, origin, sender: null }];
    this.append(batch);
    return batch;
  }

  /**
   * Stores the pending updates in one append and returns them, for the caller to relay and then
   * `apply`. When the append fails their senders are closed with 4503, nothing is returned and
   * nobody ever sees those updates; the other peers and the room carry on.
   */
  appendPending(): readonly PendingAppend[] {
    if (this.pending.size === 0) return [];
    const batch = this.pending.take();
    try {
      this.append(batch);
      return batch;
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      this.refuse(batch, error);
      return [];
    }
  }

  /**
   * Checks an update against the live document plus what is pending this turn, and binds the
   * client ids it newly claims.
   */
  private guard(update: Uint8Array, principal: string): void {
    const claims = inspectUpdate(update, { ...this.guardReads, principal });
    // Bind before appending: a failed bind then leaves nothing stored that the live doc lacks.
    if (claims.size > 0) this.bind(claims, principal);
  }

  private bind(claims: Set<number>, principal: string): void {
    for (const clientId of claims) this.owners.set(clientId, principal);
    // Anonymous principals (tests only) are per connection: nothing to remember.
    if (principal.startsWith('anonymous:')) return;
    try {
      this.deps.store.bindClients(this.deps.name, [...claims], principal);
    } catch (error) {
      throw new AppError('storage-unavailable', 'could not bind client ids', { cause: error });
    }
  }

  /** Appends `batch` as one. Throws `AppError` when the store refuses. */
  private append(batch: readonly PendingAppend[]): void {
    const { deps } = this;
    const startedAt = performance.now();
    let seq: number;
    try {
      seq = deps.store.appendUpdates(
        deps.name,
        batch.map((item) => item.update),
      );
    } catch (error) {
      throw new AppError('storage-unavailable', 'could not store the update', { cause: error });
    }
    const secondsEach = (performance.now() - startedAt) / 1000 / batch.length;
    const appendSeq = deps.groupCommit.noteAppend();
    this.lastSeq = seq;
    this.updatesSinceCompact += batch.length;
    for (const { update, sender } of batch) {
      deps.metrics.updateStored(update.byteLength, secondsEach);
      if (sender) sender.lastAppendSeq = appendSeq;
    }
  }

  /**
   * Applies stored updates to the live document, each with its origin (history attributes by it).
   * Yjs refusing what the guard passed closes that sender; a server write's refusal throws.
   */
  apply(batch: readonly PendingAppend[]): void {
    const { deps } = this;
    for (const { update, origin, sender } of batch) {
      try {
        Y.applyUpdate(deps.doc, update, origin);
      } catch (error) {
        if (!sender) throw error;
        deps.log.error({ peer: sender.id, err: error }, 'stored update did not apply');
        sender.close(CloseCode.internalError);
      }
    }
    this.compaction.noteWrite(this.updatesSinceCompact);
  }

  /** Stops the compaction timer (the room is going; unloading compacts what is left). */
  dispose(): void {
    this.compaction.dispose();
  }

  private refuse(batch: readonly PendingAppend[], error: AppError): void {
    const senders = new Set<Peer>();
    for (const { sender } of batch) if (sender) senders.add(sender);
    this.deps.log.error(
      { err: error.cause, updates: batch.length, peers: [...senders].map((peer) => peer.id) },
      'updates not stored; closing their senders',
    );
    for (const peer of senders) peer.close(error.closeCode, error.message);
  }

  /** Folds the update log into one merged state. Safe to call any time; concurrent calls coalesce. */
  async compact(): Promise<void> {
    // The live document is the log through lastSeq: appends are applied in the same turn, and
    // what is still pending is in neither (Room.compact stores it first).
    if (this.isCompacting || this.updatesSinceCompact === 0) return;
    this.isCompacting = true;
    const { deps } = this;
    const startedAt = performance.now();
    const through = this.lastSeq;
    const folded = this.updatesSinceCompact;
    try {
      await deps.store.compact(deps.name, Y.encodeStateAsUpdate(deps.doc), through);
      this.updatesSinceCompact -= folded;
      deps.metrics.compacted((performance.now() - startedAt) / 1000);
      deps.log.debug({ through, folded }, 'compacted');
    } finally {
      this.isCompacting = false;
    }
  }
}

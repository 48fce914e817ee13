import * as Y from 'yjs';
import { AppError, CloseCode, type DocName } from '@wethink/shared';
import type { Logger } from '../logger';
import type { ClientBindings, StoredDocument, UpdateLog } from '../storage/document-store';
import { CompactionSchedule } from './compaction-schedule';
import type { GroupCommit } from './group-commit';
import type { Peer } from './peer';
import { PendingAppends, type PendingAppend } from './pending-appends';
import { REPLICA_ORIGIN, type ReplicaEntry, type ReplicaLink } from './replica';
import { ReplicaIntake } from './replica-intake';
import type { WriteOrigin } from './room-history';
import type { SyncMetrics } from './sync-metrics';
import { inspectUpdate, type GuardContext } from './update-guard';
import type { UpdateRule } from './update-rule';

export interface RoomWriterDeps {
  name: DocName;
  /** The room's live document, built from storage if it was not yet. */
  doc: () => Y.Doc;
  store: UpdateLog & ClientBindings;
  groupCommit: GroupCommit;
  metrics: SyncMetrics;
  log: Logger;
  compactAfterUpdates: number;
  compactQuietMs: number;
  /** Sends stored updates (and whatever else the turn has for the peers) before they are applied. */
  relay: (stored: readonly PendingAppend[]) => void;
  /** Set when other instances serve the document too (see replica.ts). */
  replica?: {
    link: ReplicaLink;
    /** Sends updates another instance stored to this room's peers. */
    relay: (updates: readonly Uint8Array[]) => void;
    /** Catch-ups up to request `ticket` finished (updates that waited for one may be tried again). */
    caughtUp: (ticket: number) => void;
    gapWaitMs: number;
  };
  /** What this kind of document lets a connection change (see update-rule.ts). */
  rule?: UpdateRule | null;
}

/**
 * A room's write path, end to end: guard → await append → relay → apply → acks, and compaction.
 * Updates accepted while an append is in flight wait for it and go out in the next one, so a room
 * does at most one storage transaction at a time and order is kept; the guard checks each against
 * the live document plus everything pending. Neither the live document nor any peer ever holds an
 * update the store lacks. When an append fails, its senders and everyone whose updates waited
 * behind it are closed with 4503 (they resend after reconnecting) and nothing of it is relayed.
 */
export class RoomWriter {
  private readonly owners: Map<number, string>;
  private readonly pending = new PendingAppends();
  private inFlight: Promise<void> | null = null;
  private lastSeq: number;
  private updatesSinceCompact: number;
  /** Updates accepted so far and how many of them are stored: save acks wait on the count. */
  private acceptedCount = 0;
  private storedCount = 0;
  private saveWaiters: { target: number; answer: () => void }[] = [];
  private compacting: Promise<void> | null = null;
  private readonly compaction: CompactionSchedule;
  /** What the guard reads of the live document and the pending updates: built once. */
  private readonly guardReads: Omit<GuardContext, 'principal'>;
  /** What other instances stored (null on a lone instance). */
  private readonly intake: ReplicaIntake | null;
  private wantsCatchUp = false;
  /** Catch-ups asked for so far: a catch-up covers every request made before it started. */
  private catchUpRequests = 0;

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
    const pending = this.pending;
    this.guardReads = {
      stateOf: (clientId) => {
        const live = Y.getState(deps.doc().store, clientId);
        return pending.size === 0 ? live : Math.max(live, pending.clockOf(clientId) ?? 0);
      },
      ownerOf: (clientId) => this.owners.get(clientId),
    };
    this.intake = deps.replica ? this.createIntake(deps.replica, stored.lastSeq) : null;
  }

  private createIntake(
    replica: NonNullable<RoomWriterDeps['replica']>,
    loadedThrough: number,
  ): ReplicaIntake {
    return new ReplicaIntake({
      loadedThrough,
      readSince: (afterSeq) => replica.link.readSince(afterSeq),
      apply: (updates) => {
        replica.relay(updates);
        const doc = this.deps.doc();
        Y.transact(
          doc,
          () => {
            for (const update of updates) Y.applyUpdate(doc, update, REPLICA_ORIGIN);
          },
          REPLICA_ORIGIN,
        );
        // Not counted toward compaction: the instance that stored them compacts them.
      },
      bind: (owners) => {
        for (const [clientId, principal] of owners) {
          if (!this.owners.has(clientId)) this.owners.set(clientId, principal);
        }
      },
      requestCatchUp: () => void this.requestCatchUp(),
      gapWaitMs: replica.gapWaitMs,
    });
  }

  /** Updates another instance stored (delivered by the replica hub). */
  receiveReplica(entry: ReplicaEntry): void {
    this.intake?.receive(entry);
  }

  /**
   * Asks for a catch-up from the database, run between appends; returns its ticket (`caughtUp`
   * is called with it or a later one once it ran).
   */
  requestCatchUp(): number {
    this.catchUpRequests += 1;
    this.wantsCatchUp = true;
    this.flush();
    return this.catchUpRequests;
  }

  /** The database's head for this document, as the replica hub last saw it. */
  noteHead(head: number): void {
    this.intake?.noteHead(head);
  }

  /** Whether updates are accepted and not yet stored (an append may be in flight). */
  get isBusy(): boolean {
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

  /** Checks a peer's update and queues it for the next append. Throws `AppError` when refused. */
  accept(update: Uint8Array, sender: Peer): void {
    const origin: WriteOrigin = { kind: 'peer', principal: sender.principal, peerId: sender.id };
    this.enqueue({ update, origin, sender, claims: this.guard(update, origin.principal, this.deps.rule) });
  }

  /**
   * Checks an update the server writes and queues it behind everything pending; resolves once it
   * is stored, relayed and applied. Rejects with `AppError` when refused or not stored: then
   * nobody holds it.
   */
  write(update: Uint8Array, origin: WriteOrigin & { kind: 'server' }): Promise<void> {
    const claims = this.guard(update, origin.principal);
    return new Promise<void>((resolve, reject) => {
      this.enqueue({ update, origin, sender: null, claims, settle: { resolve, reject } });
      this.flush();
    });
  }

  /** Answers once everything accepted before the call is stored (a save request's "received"). */
  whenStored(answer: () => void): void {
    if (this.storedCount >= this.acceptedCount) answer();
    else this.saveWaiters.push({ target: this.acceptedCount, answer });
  }

  /** Starts storing what is pending unless an append is already in flight (it takes the rest after). */
  flush(): void {
    if (this.inFlight || (this.pending.size === 0 && !this.wantsCatchUp)) return;
    this.inFlight = this.drainPending().finally(() => {
      this.inFlight = null;
    });
  }

  /** Resolves once nothing is pending (what failed to store was refused). */
  async settled(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  private enqueue(item: PendingAppend): void {
    this.pending.add(item);
    this.acceptedCount += 1;
  }

  /**
   * Checks an update against the live document plus what is pending, and binds the client ids it
   * newly claims in memory (stored with the next append, before the updates that use them).
   */
  private guard(update: Uint8Array, principal: string, rule?: UpdateRule | null): number[] {
    const claims = [...inspectUpdate(update, { ...this.guardReads, principal })];
    rule?.admit(update, principal);
    for (const clientId of claims) this.owners.set(clientId, principal);
    return claims;
  }

  /**
   * Appends what is pending, one batch at a time, and catches up with other instances in between:
   * a catch-up never runs beside an append, so rows this instance is storing are never mistaken
   * for another's (its history would lose them).
   */
  private async drainPending(): Promise<void> {
    while (this.pending.size > 0 || this.wantsCatchUp) {
      if (this.wantsCatchUp) {
        this.wantsCatchUp = false;
        await this.catchUp();
        continue;
      }
      const batch = this.pending.peekAll();
      let seq: number;
      try {
        seq = await this.append(batch);
      } catch (error) {
        this.refuseAll(error);
        this.deps.relay([]); // the awareness that waited for this append still goes out
        return;
      }
      // Other instances first: their path is longer (Redis, then their peers).
      this.publish(batch, seq);
      this.deps.relay(batch);
      this.pending.dropFirst(batch.length);
      this.apply(batch);
      this.storedCount += batch.length;
      this.answerSaveWaiters();
    }
  }

  private async catchUp(): Promise<void> {
    const ticket = this.catchUpRequests;
    try {
      await this.intake?.catchUp();
    } catch (error) {
      // The next head check asks again.
      this.deps.log.warn({ err: error }, 'catch-up from storage failed');
    }
    this.deps.replica?.caughtUp(ticket);
  }

  /** Tells the other instances what this append stored (after it committed, never before). */
  private publish(batch: readonly PendingAppend[], lastSeq: number): void {
    if (!this.intake || !this.deps.replica) return;
    const from = lastSeq - batch.length + 1;
    this.intake.noteStored(from, lastSeq);
    const claims: [number, string][] = [];
    for (const { claims: ids, origin } of batch) for (const id of ids) claims.push([id, origin.principal]);
    this.deps.replica.link.publishUpdates({
      from,
      to: lastSeq,
      updates: batch.map((item) => item.update),
      claims,
    });
  }

  /** Binds the batch's new client ids, then appends its updates as one; resolves with the last seq. */
  private async append(batch: readonly PendingAppend[]): Promise<number> {
    const { deps } = this;
    const startedAt = performance.now();
    let seq: number;
    try {
      const byPrincipal = new Map<string, number[]>();
      for (const { claims, origin } of batch) {
        if (claims.length === 0 || origin.principal.startsWith('anonymous:')) continue;
        byPrincipal.set(origin.principal, [...(byPrincipal.get(origin.principal) ?? []), ...claims]);
      }
      for (const [principal, clientIds] of byPrincipal) {
        deps.metrics.writeTransaction();
        await deps.store.bindClients(deps.name, clientIds, principal);
      }
      deps.metrics.writeTransaction();
      seq = await deps.store.appendUpdates(
        deps.name,
        batch.map((item) => item.update),
      );
    } catch (error) {
      // A purged document is gone for good (its senders get 4404), not unavailable for a while.
      if (error instanceof AppError && error.code === 'document-not-found') throw error;
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
    return seq;
  }

  /**
   * Applies stored updates to the live document, each with its origin (history attributes by it).
   * Yjs refusing what the guard passed closes that sender, or fails that server write.
   */
  private apply(batch: readonly PendingAppend[]): void {
    const doc = this.deps.doc();
    for (const { update, origin, sender, settle } of batch) {
      try {
        Y.applyUpdate(doc, update, origin);
        settle?.resolve();
      } catch (error) {
        this.deps.log.error({ peer: sender?.id, err: error }, 'stored update did not apply');
        sender?.close(CloseCode.internalError);
        settle?.reject(error);
      }
    }
    this.compaction.noteWrite(this.updatesSinceCompact);
  }

  /**
   * An append failed: it and everything queued behind it (guarded against it) are dropped, their
   * senders closed with 4503 and their claims forgotten. The live document never saw them.
   */
  private refuseAll(error: unknown): void {
    const failed = this.pending.peekAll();
    this.pending.dropFirst(failed.length);
    this.acceptedCount -= failed.length;
    const appError =
      error instanceof AppError
        ? error
        : new AppError('storage-unavailable', 'could not store', { cause: error });
    const senders = new Set<Peer>();
    for (const item of failed) {
      for (const clientId of item.claims) this.owners.delete(clientId);
      if (item.sender) senders.add(item.sender);
      item.settle?.reject(appError);
    }
    this.deps.log.error(
      { err: appError.cause, updates: failed.length, peers: [...senders].map((peer) => peer.id) },
      'updates not stored; closing their senders',
    );
    for (const peer of senders) peer.close(appError.closeCode, appError.message);
    // Waiters counted the refused updates in; what else they waited for is stored.
    for (const waiter of this.saveWaiters) waiter.target = Math.min(waiter.target, this.acceptedCount);
    this.answerSaveWaiters();
  }

  private answerSaveWaiters(): void {
    if (this.saveWaiters.length === 0) return;
    const ready = this.saveWaiters.filter((waiter) => waiter.target <= this.storedCount);
    this.saveWaiters = this.saveWaiters.filter((waiter) => waiter.target > this.storedCount);
    for (const waiter of ready) waiter.answer();
  }

  /** Stops the compaction timer (the room is going; unloading compacts what is left). */
  dispose(): void {
    this.compaction.dispose();
    this.intake?.dispose();
  }

  /**
   * Folds the update log into one merged state, after what is pending is stored. Safe to call any
   * time; concurrent calls share one compaction.
   */
  compact(): Promise<void> {
    this.compacting ??= this.compactNow().finally(() => {
      this.compacting = null;
    });
    return this.compacting;
  }

  private async compactNow(): Promise<void> {
    await this.settled();
    if (this.updatesSinceCompact === 0) return;
    const { deps } = this;
    const startedAt = performance.now();
    // The live document is the log through lastSeq: every stored update is applied in the same
    // turn it is stored, and nothing is pending now. With other instances appending too, it holds
    // every row only up to the intake's contiguous number (maybe some past it: folding those
    // again later is harmless, Yjs applies an update once).
    const through = this.intake?.contiguous ?? this.lastSeq;
    const folded = this.updatesSinceCompact;
    const isStored = await deps.store.compact(deps.name, Y.encodeStateAsUpdate(deps.doc()), through);
    this.updatesSinceCompact -= folded;
    if (!isStored) {
      deps.log.debug({ through }, 'already compacted as far by another instance');
      return;
    }
    deps.metrics.compacted((performance.now() - startedAt) / 1000);
    deps.log.debug({ through, folded }, 'compacted');
  }
}

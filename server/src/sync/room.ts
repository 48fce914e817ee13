import * as Y from 'yjs';
import {
  AppError,
  CloseCode,
  MalformedMessageError,
  Feature,
  MessageType,
  SaveLevel,
  SyncStep,
  decodeAwarenessUpdate,
  decodeMessage,
  encodeAwareness,
  encodeAwarenessUpdate,
  encodeBatch,
  encodePermissionDenied,
  encodeSaveAck,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  type AwarenessEntry,
  type DocName,
  type Message,
} from '@wethink/shared';
import type { Logger } from '../logger';
import type { DocumentStore, StoredDocument } from '../storage/document-store';
import { AwarenessRegistry } from './awareness-registry';
import type { GroupCommit } from './group-commit';
import { PendingAppends, type PendingAppend } from './pending-appends';
import type { Peer } from './peer';
import type { RoomHistory, RoomHistoryFactory, WriteOrigin } from './room-history';
import type { SyncMetrics } from './sync-metrics';
import { inspectUpdate } from './update-guard';

export interface RoomDeps {
  store: DocumentStore;
  groupCommit: GroupCommit;
  logger: Logger;
  metrics: SyncMetrics;
  compactAfterUpdates: number;
  maxAwarenessClientsPerPeer: number;
  maxAwarenessStateBytes: number;
  /** Versions and contributions; absent in tests that do not need them. */
  history?: RoomHistoryFactory;
}

/** What an awareness message that changes nothing (a stock client's echo) costs against the rate limit. */
const ECHO_COST = 0.05;

/** An empty Yjs update (no structs, no deletes): stock clients send it as sync step 2 when in sync. */
const isEmptyUpdate = (update: Uint8Array): boolean =>
  update.length === 2 && update[0] === 0 && update[1] === 0;

/**
 * One live document and its peers. Every update is checked when it arrives; the updates accepted
 * during one event-loop turn are then appended to the store together (one transaction), and only
 * once that returned are they applied to the live document, relayed and acked. A failed append
 * closes the peers that sent the updates in it (4503) and leaves the live document without them.
 * Relays and awareness changes are coalesced per turn so a burst from many authors goes out as
 * one message per peer.
 */
export class Room {
  readonly doc = new Y.Doc();
  readonly peers = new Set<Peer>();
  private readonly awareness: AwarenessRegistry;
  private readonly owners: Map<number, string>;
  /** This room's history, observing `doc` (null without a history factory). */
  readonly history: RoomHistory | null;
  private lastSeq: number;
  private updatesSinceCompact: number;
  private isCompacting = false;
  private fullStateFrame: Uint8Array | null = null;
  /** Accepted this turn, not yet stored: stored, applied and relayed by `flush`. */
  private readonly pendingAppends = new PendingAppends();
  /** Save requests that arrived behind pending appends: answered once those are stored. */
  private pendingSaveRequests: { peer: Peer; requestId: number }[] = [];
  /** Stored and applied this turn, to relay. */
  private pendingUpdates: { update: Uint8Array; sender: Peer | null }[] = [];
  private pendingAwareness = new Map<number, AwarenessEntry>();
  private pendingAwarenessSenders = new Set<Peer | null>();
  private isFlushScheduled = false;
  private readonly log: Logger;

  constructor(
    readonly name: DocName,
    stored: StoredDocument,
    private readonly deps: RoomDeps,
  ) {
    this.log = deps.logger.child({ doc: name });
    this.awareness = new AwarenessRegistry({
      maxClientsPerPeer: deps.maxAwarenessClientsPerPeer,
      maxStateBytes: deps.maxAwarenessStateBytes,
    });
    Y.transact(this.doc, () => {
      if (stored.state) Y.applyUpdate(this.doc, stored.state);
      for (const update of stored.updates) Y.applyUpdate(this.doc, update);
    });
    this.owners = new Map(stored.clientOwners);
    // Attached after the stored state is in: loading is not anybody's edit.
    this.history = deps.history?.attach(name, this.doc) ?? null;
    this.lastSeq = stored.lastSeq;
    this.updatesSinceCompact = stored.updates.length;
    // A compacted document's stored state already is a full-state update: fresh clients get it
    // as is, without encoding the whole document again on the first connection.
    if (stored.state && stored.updates.length === 0) this.fullStateFrame = encodeSyncStep2(stored.state);
  }

  get hasUncompactedUpdates(): boolean {
    return this.updatesSinceCompact > 0 || this.pendingAppends.size > 0;
  }

  join(peer: Peer): void {
    this.peers.add(peer);
    this.awareness.addPeer(peer);
    peer.send(encodeSyncStep1(Y.encodeStateVector(this.doc)));
    const states = this.awareness.snapshot();
    if (states.length > 0) peer.send(encodeAwareness(encodeAwarenessUpdate(states)));
  }

  leave(peer: Peer): void {
    if (!this.peers.delete(peer)) return;
    if (peer.principal.startsWith('anonymous:')) {
      for (const [clientId, owner] of this.owners) if (owner === peer.principal) this.owners.delete(clientId);
    }
    this.queueAwareness(null, this.awareness.removePeer(peer));
    if (peer.canWrite && this.history) {
      let writers = 0;
      for (const other of this.peers) if (other.canWrite) writers += 1;
      this.history.writerLeft(writers);
    }
  }

  /** The principal a client id is bound to (its first writer), if any. */
  ownerOf(clientId: number): string | undefined {
    return this.owners.get(clientId);
  }

  /**
   * Applies an update the server made on behalf of `principal` (a restore) exactly as if that
   * user had sent it: checked, bound, stored, applied with them as origin, relayed to every peer.
   * Unlike a peer's update it is stored and applied before this returns (updates pending from
   * this turn first, so it lands after them); throws `AppError` when refused or not stored, and
   * then the live document does not hold it.
   */
  applyAs(principal: string, update: Uint8Array): void {
    this.storePending();
    const origin: WriteOrigin = { principal };
    this.guard(update, principal);
    this.store([{ update, origin, sender: null }]);
    this.scheduleFlush();
  }

  /** Handles one frame from a peer. Never throws: a bad frame closes that peer only. */
  receive(peer: Peer, frame: Uint8Array): void {
    if (peer.isClosed) return;
    try {
      const message = decodeMessage(frame);
      this.deps.metrics.messageReceived(message.type, frame.byteLength);
      if (message.type !== MessageType.batch) {
        this.handle(peer, message);
        return;
      }
      for (const inner of message.frames) {
        const innerMessage = decodeMessage(inner);
        if (innerMessage.type === MessageType.batch) throw new AppError('malformed-message', 'nested batch');
        this.handle(peer, innerMessage);
        if (peer.isClosed) return;
      }
    } catch (error) {
      this.reject(peer, error);
    }
  }

  private handle(peer: Peer, message: Exclude<Message, { type: typeof MessageType.batch }>): void {
    switch (message.type) {
      case MessageType.sync:
        if (message.step === SyncStep.step1) this.answerSyncStep1(peer, message.stateVector);
        else this.acceptUpdate(peer, message.update);
        return;
      case MessageType.awareness:
        this.acceptAwareness(peer, message.update);
        return;
      case MessageType.queryAwareness:
        peer.send(encodeAwareness(encodeAwarenessUpdate(this.awareness.snapshot())));
        return;
      case MessageType.saveRequest:
        this.answerSaveRequest(peer, message.requestId);
        return;
      case MessageType.hello:
        peer.wantsBatches = (message.features & Feature.batch) !== 0;
        return;
      case MessageType.auth:
      case MessageType.saveAck:
        throw new AppError('malformed-message', `message type ${message.type} is server-to-client only`);
    }
  }

  private reject(peer: Peer, error: unknown): void {
    if (error instanceof AppError) {
      this.log.warn({ peer: peer.id, code: error.code, err: error.message }, 'peer rejected');
      peer.close(error.closeCode, error.message);
    } else if (error instanceof MalformedMessageError) {
      this.log.warn({ peer: peer.id, err: error.message }, 'malformed message');
      peer.close(CloseCode.malformedMessage, error.message);
    } else {
      this.log.error({ peer: peer.id, err: error }, 'message handler failed');
      peer.close(CloseCode.internalError);
    }
  }

  private answerSyncStep1(peer: Peer, stateVector: Uint8Array): void {
    let remote: Map<number, number>;
    try {
      remote = Y.decodeStateVector(stateVector);
    } catch (error) {
      throw new AppError('malformed-message', 'state vector does not decode', { cause: error });
    }
    if (remote.size === 0) {
      // Fresh clients all ask for everything: encode it once per document change.
      this.fullStateFrame ??= encodeSyncStep2(Y.encodeStateAsUpdate(this.doc));
      peer.send(this.fullStateFrame);
      return;
    }
    peer.send(encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, stateVector)));
  }

  private acceptUpdate(peer: Peer, update: Uint8Array): void {
    if (isEmptyUpdate(update)) return;
    if (!peer.canWrite) {
      this.refuseWrite(peer);
      return;
    }
    this.guard(update, peer.principal);
    this.pendingAppends.add({ update, origin: peer, sender: peer });
    this.scheduleFlush();
  }

  /**
   * Checks an update against the live document plus what is pending this turn, and binds the
   * client ids it newly claims. Throws `AppError` when refused.
   */
  private guard(update: Uint8Array, principal: string): void {
    const pending = this.pendingAppends;
    const claims = inspectUpdate(update, {
      stateOf: (clientId) => {
        const live = Y.getState(this.doc.store, clientId);
        return pending.size === 0 ? live : Math.max(live, pending.clockOf(clientId) ?? 0);
      },
      ownerOf: (clientId) => this.owners.get(clientId),
      principal,
    });
    // Bind before appending: a failed bind then leaves nothing stored that the live doc lacks.
    if (claims.size > 0) this.bind(claims, principal);
  }

  /**
   * Stores this turn's pending updates in one append, then applies them. When the append fails
   * their senders are closed with 4503 and the live document never holds those updates; the
   * other peers and the room carry on. Then answers the save requests that waited.
   */
  private storePending(): void {
    if (this.pendingAppends.size > 0) {
      const batch = this.pendingAppends.take();
      try {
        this.store(batch);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        this.refuse(batch, error);
      }
    }
    const saveRequests = this.pendingSaveRequests;
    this.pendingSaveRequests = [];
    for (const { peer, requestId } of saveRequests) this.answerSaveRequest(peer, requestId);
  }

  /** Appends `batch` as one, then applies each update with its origin and queues it for relay. */
  private store(batch: readonly PendingAppend[]): void {
    const startedAt = performance.now();
    let seq: number;
    try {
      seq = this.deps.store.appendUpdates(
        this.name,
        batch.map((item) => item.update),
      );
    } catch (error) {
      throw new AppError('storage-unavailable', 'could not store the update', { cause: error });
    }
    const secondsEach = (performance.now() - startedAt) / 1000 / batch.length;
    const appendSeq = this.deps.groupCommit.noteAppend();
    this.lastSeq = seq;
    this.updatesSinceCompact += batch.length;
    this.fullStateFrame = null;
    for (const { update, origin, sender } of batch) {
      this.deps.metrics.updateStored(update.byteLength, secondsEach);
      try {
        Y.applyUpdate(this.doc, update, origin);
      } catch (error) {
        // Yjs refusing what the guard passed: that sender only (applyAs's caller gets the error).
        if (!sender) throw error;
        this.log.error({ peer: sender.id, err: error }, 'stored update did not apply');
        sender.close(CloseCode.internalError);
        continue;
      }
      if (sender) sender.lastAppendSeq = appendSeq;
      this.pendingUpdates.push({ update, sender });
    }
    if (this.updatesSinceCompact >= this.deps.compactAfterUpdates) {
      setImmediate(() =>
        this.compact().catch((error: unknown) => this.log.error({ err: error }, 'compaction failed')),
      );
    }
  }

  private refuse(batch: readonly PendingAppend[], error: AppError): void {
    const senders = new Set<Peer>();
    for (const { sender } of batch) if (sender) senders.add(sender);
    this.log.error(
      { err: error.cause, updates: batch.length, peers: [...senders].map((peer) => peer.id) },
      'updates not stored; closing their senders',
    );
    for (const peer of senders) peer.close(error.closeCode, error.message);
  }

  private bind(claims: Set<number>, principal: string): void {
    for (const clientId of claims) this.owners.set(clientId, principal);
    // Anonymous principals (tests only) are per connection: nothing to remember.
    if (principal.startsWith('anonymous:')) return;
    try {
      this.deps.store.bindClients(this.name, [...claims], principal);
    } catch (error) {
      throw new AppError('storage-unavailable', 'could not bind client ids', { cause: error });
    }
  }

  /**
   * A read-only member's update is dropped, not applied, and the connection stays open (they
   * still follow the text and share their cursor). y-protocols' permission-denied tells them once.
   */
  private refuseWrite(peer: Peer): void {
    if (peer.isToldReadOnly) return;
    peer.isToldReadOnly = true;
    this.log.debug({ peer: peer.id, role: peer.identity?.role }, 'write refused: read-only');
    peer.send(encodePermissionDenied(peer.readOnlyReason ?? 'this connection is read-only'));
  }

  private acceptAwareness(peer: Peer, payload: Uint8Array): void {
    const changed = this.awareness.apply(peer, decodeAwarenessUpdate(payload));
    if (!peer.takeAwarenessToken(changed.length > 0 ? 1 : ECHO_COST)) {
      throw new AppError('rate-limited', 'too many awareness messages');
    }
    this.queueAwareness(peer, changed);
  }

  private answerSaveRequest(peer: Peer, requestId: number): void {
    // "Received" means stored: behind this turn's pending updates, it waits for them.
    if (this.pendingAppends.size > 0) {
      this.pendingSaveRequests.push({ peer, requestId });
      return;
    }
    peer.send(encodeSaveAck(requestId, SaveLevel.received));
    this.deps.groupCommit.onDurable(peer.lastAppendSeq, () =>
      peer.send(encodeSaveAck(requestId, SaveLevel.durable)),
    );
  }

  private queueAwareness(sender: Peer | null, entries: AwarenessEntry[]): void {
    if (entries.length === 0) return;
    for (const entry of entries) this.pendingAwareness.set(entry.clientId, entry);
    this.pendingAwarenessSenders.add(sender);
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    if (this.isFlushScheduled) return;
    this.isFlushScheduled = true;
    setImmediate(() => this.flush());
  }

  /**
   * Sends what this turn produced: a merged update and the awareness changes. Batch-capable peers
   * get both in one frame; others get one frame each. Frames are encoded once, not per peer.
   */
  private flush(): void {
    this.isFlushScheduled = false;
    this.storePending();
    let updateFrame: Uint8Array | null = null;
    let updateExcept: Peer | null = null;
    if (this.pendingUpdates.length > 0) {
      const batch = this.pendingUpdates;
      this.pendingUpdates = [];
      const update = batch.length === 1 ? batch[0]!.update : Y.mergeUpdates(batch.map((item) => item.update));
      const senders = new Set(batch.map((item) => item.sender));
      // A lone sender already has its own update; with several, each gets the others' too.
      updateExcept = senders.size === 1 ? batch[0]!.sender : null;
      updateFrame = encodeUpdate(update);
    }
    let awarenessFrame: Uint8Array | null = null;
    let awarenessExcept: Peer | null = null;
    if (this.pendingAwareness.size > 0) {
      const entries = [...this.pendingAwareness.values()];
      const senders = this.pendingAwarenessSenders;
      this.pendingAwareness = new Map();
      this.pendingAwarenessSenders = new Set();
      awarenessExcept = senders.size === 1 ? [...senders][0]! : null;
      awarenessFrame = encodeAwareness(encodeAwarenessUpdate(entries));
    }
    let both: Uint8Array | null = null;
    for (const peer of this.peers) {
      const wantsUpdate = updateFrame !== null && peer !== updateExcept;
      const wantsAwareness = awarenessFrame !== null && peer !== awarenessExcept;
      if (wantsUpdate && wantsAwareness && peer.wantsBatches) {
        both ??= encodeBatch([updateFrame!, awarenessFrame!]);
        peer.send(both);
        continue;
      }
      if (wantsUpdate) peer.send(updateFrame!);
      if (wantsAwareness) peer.send(awarenessFrame!);
    }
  }

  /** Folds the update log into one merged state. Safe to call any time; concurrent calls coalesce. */
  async compact(): Promise<void> {
    // Whatever was accepted this turn goes into the log (and so into this compaction) first.
    this.storePending();
    if (this.isCompacting || this.updatesSinceCompact === 0) return;
    this.isCompacting = true;
    const startedAt = performance.now();
    const through = this.lastSeq;
    const folded = this.updatesSinceCompact;
    try {
      await this.deps.store.compact(this.name, Y.encodeStateAsUpdate(this.doc), through);
      this.updatesSinceCompact -= folded;
      this.deps.metrics.compacted((performance.now() - startedAt) / 1000);
      this.log.debug({ through, folded }, 'compacted');
    } finally {
      this.isCompacting = false;
    }
  }

  /** Drops the document and its history observer; the room is unusable afterwards. */
  destroy(): void {
    this.history?.dispose();
    this.doc.destroy();
  }

  /** Closes every peer with `code`; used on shutdown and when the room must go. */
  closeAll(code: CloseCode, detail?: string): void {
    for (const peer of [...this.peers]) {
      peer.close(code, detail);
      this.leave(peer);
    }
  }
}

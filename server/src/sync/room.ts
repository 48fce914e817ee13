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
import type { ClientBindings, StoredDocument, UpdateLog } from '../storage/document-store';
import { AwarenessRegistry } from './awareness-registry';
import type { GroupCommit } from './group-commit';
import type { Peer } from './peer';
import type { RoomHistory, RoomHistoryFactory, ServerWriteReason } from './room-history';
import type { PendingAppend } from './pending-appends';
import { ParkedMessages } from './parked-messages';
import type { ReplicaEntry, ReplicaHub, ReplicaLink, ReplicaRoom } from './replica';
import { RoomWriter } from './room-writer';
import type { AwarenessOwner } from './awareness-registry';
import type { SyncMetrics } from './sync-metrics';
import { ServerChanges } from './server-changes';
import { TurnRelay } from './turn-relay';
import { wouldChange } from './update-effect';
import type { UpdateRules } from './update-rule';

export interface RoomDeps {
  store: UpdateLog & ClientBindings;
  groupCommit: GroupCommit;
  logger: Logger;
  metrics: SyncMetrics;
  compactAfterUpdates: number;
  /** How long a room goes without writes before a log past `compactAfterUpdates` is compacted. */
  compactQuietMs: number;
  maxAwarenessClientsPerPeer: number;
  maxAwarenessStateBytes: number;
  /** Versions and contributions; absent in tests that do not need them. */
  history?: RoomHistoryFactory;
  /** Set when several instances serve the documents (see replica.ts). */
  replicas?: { hub: ReplicaHub; gapWaitMs: number };
  /** What each kind of document lets a connection change, beyond the structural checks. */
  rules?: UpdateRules;
}

/** What an awareness message that changes nothing (a stock client's echo) costs against the rate limit. */
const ECHO_COST = 0.05;

type InnerMessage = Exclude<Message, { type: typeof MessageType.batch }>;

/** Refusals that another instance's stored update, not yet applied here, may explain. */
const mayWaitForReplica = (error: unknown): boolean =>
  error instanceof AppError && (error.code === 'clock-gap' || error.code === 'future-delete');

/** An empty Yjs update (no structs, no deletes): stock clients send it as sync step 2 when in sync. */
const isEmptyUpdate = (update: Uint8Array): boolean =>
  update.length === 2 && update[0] === 0 && update[1] === 0;

/**
 * One live document and its peers. Every update is checked when it arrives and handed to the
 * room's writer, which stores a turn's updates in one append and only then relays, applies and
 * acks them (see RoomWriter). Relays and awareness changes are coalesced per turn so a burst from
 * many authors goes out as one message per peer; awareness that arrives while an append is in
 * flight goes out with its updates, so a cursor never overtakes the keystroke it follows.
 */
export class Room implements ReplicaRoom {
  readonly peers = new Set<Peer>();
  private readonly ydoc = new Y.Doc();
  /**
   * A compacted document's stored state, not yet applied to `ydoc`. Fresh clients are served these
   * bytes as they are; integrating them (hundreds of ms for a long chapter in a process whose JIT
   * has not seen Yjs yet) waits until something needs the live document: a write, a client that
   * already holds part of it, a server-side reader. A chapter only read is never integrated.
   */
  private unappliedState: Uint8Array | null = null;
  /**
   * Peers that joined before the document was applied: they get the server's sync step 1 then.
   * Until then it has nothing to ask them: a client whose own step 1 was empty holds nothing the
   * server lacks (what it writes later arrives as updates), and one whose step 1 was not empty
   * makes the room apply the document to answer it.
   */
  private readonly awaitingStep1 = new Set<Peer>();
  private readonly awareness: AwarenessRegistry;
  /** This room's history, observing the document once it is applied (null without a factory). */
  private history: RoomHistory | null = null;
  /** Guard, per-turn append, apply, compaction. */
  private readonly writer: RoomWriter;
  /** Sync step 2 with the whole document and step 1 with its state vector, until it changes. */
  private fullStateFrame: Uint8Array | null = null;
  private step1Frame: Uint8Array | null = null;
  /** Stored and applied this turn, and awareness changes: sent by `flush`. */
  private readonly relay = new TurnRelay();
  private isFlushScheduled = false;
  private readonly log: Logger;
  /** The server's own changes (comments): their updates, from a shadow of the document. */
  private readonly serverChanges = new ServerChanges(
    () => this.doc,
    (clientId) => this.writer.ownerOf(clientId),
  );

  /** How this room reaches the other instances (null on a lone instance). */
  private readonly link: ReplicaLink | null;
  /** The awareness states each other instance's peers hold here, by instance. */
  private readonly instances = new Map<string, AwarenessOwner>();
  /** Peers whose update waits for another instance's (see ParkedMessages). */
  private readonly parked = new ParkedMessages<InnerMessage>();

  constructor(
    readonly name: DocName,
    stored: StoredDocument,
    private readonly deps: RoomDeps,
  ) {
    this.log = deps.logger.child({ doc: name });
    this.link = deps.replicas?.hub.attach(this) ?? null;
    this.awareness = new AwarenessRegistry({
      maxClientsPerPeer: deps.maxAwarenessClientsPerPeer,
      maxStateBytes: deps.maxAwarenessStateBytes,
    });
    this.writer = new RoomWriter(
      {
        name,
        doc: () => this.doc,
        store: deps.store,
        groupCommit: deps.groupCommit,
        metrics: deps.metrics,
        log: this.log,
        compactAfterUpdates: deps.compactAfterUpdates,
        compactQuietMs: deps.compactQuietMs,
        relay: (stored) => this.relayStored(stored),
        rule: deps.rules?.(name, () => this.doc) ?? null,
        ...(this.link && deps.replicas
          ? {
              replica: {
                link: this.link,
                relay: (updates: readonly Uint8Array[]) => this.relayReplicated(updates),
                caughtUp: (ticket: number) => this.retryParked(ticket),
                gapWaitMs: deps.replicas.gapWaitMs,
              },
            }
          : {}),
      },
      stored,
    );
    if (stored.state && stored.updates.length === 0) {
      // A compacted document's stored state already is a full-state update: fresh clients get it
      // as is, before (and without) the live document being built from it.
      this.unappliedState = stored.state;
      this.fullStateFrame = encodeSyncStep2(stored.state);
      return;
    }
    Y.transact(this.ydoc, () => {
      if (stored.state) Y.applyUpdate(this.ydoc, stored.state);
      for (const update of stored.updates) Y.applyUpdate(this.ydoc, update);
    });
    this.attachHistory();
  }

  /**
   * The live document, built from the stored state first if it was not yet. Reading it sends
   * nothing: peers that waited for the built document get the server's step 1 at the end of the
   * turn.
   */
  get doc(): Y.Doc {
    this.hydrate();
    return this.ydoc;
  }

  /** Applies the stored state to the live document if it is not yet. */
  private hydrate(): void {
    const state = this.unappliedState;
    if (state === null) return;
    this.unappliedState = null;
    Y.applyUpdate(this.ydoc, state);
    this.attachHistory();
    if (this.awaitingStep1.size > 0) this.scheduleFlush();
  }

  /** The server's step 1 to the peers that joined before the document was built. */
  private sendAwaitedStep1(): void {
    if (this.awaitingStep1.size === 0 || this.unappliedState !== null) return;
    const step1 = this.currentStep1();
    for (const peer of this.awaitingStep1) peer.send(step1);
    this.awaitingStep1.clear();
  }

  /** The server's sync step 1, encoded once per document change (every joining peer gets it). */
  private currentStep1(): Uint8Array {
    return (this.step1Frame ??= encodeSyncStep1(Y.encodeStateVector(this.ydoc)));
  }

  private attachHistory(): void {
    // Attached after the stored state is in: loading is not anybody's edit.
    this.history = this.deps.history?.attach(this.name, this.ydoc) ?? null;
  }

  get hasUncompactedUpdates(): boolean {
    return this.writer.hasUncompactedUpdates;
  }

  join(peer: Peer): void {
    this.peers.add(peer);
    this.awareness.addPeer(peer);
    if (this.unappliedState === null) {
      peer.send(this.currentStep1());
    } else {
      this.awaitingStep1.add(peer);
    }
    if (peer.isPublic) return;
    const states = this.awareness.snapshot();
    if (states.length > 0) peer.send(encodeAwareness(encodeAwarenessUpdate(states)));
  }

  leave(peer: Peer): void {
    if (!this.peers.delete(peer)) return;
    this.awaitingStep1.delete(peer);
    this.parked.forget(peer);
    if (peer.principal.startsWith('anonymous:')) this.writer.forget(peer.principal);
    const removed = this.awareness.removePeer(peer);
    this.queueAwareness(null, removed);
    if (removed.length > 0) this.link?.publishAwareness(removed);
    if (peer.canWrite && this.history) {
      let writers = 0;
      for (const other of this.peers) if (other.canWrite) writers += 1;
      this.history.writerLeft(writers);
    }
  }

  /** The principal a client id is bound to (its first writer), if any. */
  ownerOf(clientId: number): string | undefined {
    return this.writer.ownerOf(clientId);
  }

  /**
   * Makes a change to the document as the server, attributed to `principal`, and writes it like
   * `writeAs`. Changes run one at a time per room (the caller serialises them: CommentsService).
   * Resolves once applied; rejects with `AppError` when refused or not stored.
   */
  async changeAs(principal: string, reason: ServerWriteReason, change: (doc: Y.Doc) => void): Promise<void> {
    const update = this.serverChanges.updateOf(change, principal);
    if (update === null) return;
    try {
      await this.writeAs(principal, reason, update);
    } catch (error) {
      this.serverChanges.reset();
      throw error;
    }
  }

  /**
   * Writes an update the server made, attributed to `principal` (a restore: the user who asked;
   * comments: the server), exactly as if a peer had sent it: checked, bound, stored behind what is
   * pending, relayed to every peer, applied with a server origin. Resolves once applied; rejects
   * with `AppError` when refused or not stored, and then nobody holds it.
   */
  writeAs(principal: string, reason: ServerWriteReason, update: Uint8Array): Promise<void> {
    this.hydrate();
    return this.writer.write(update, { kind: 'server', principal, reason });
  }

  /** Handles one frame from a peer. Never throws: a bad frame closes that peer only. */
  receive(peer: Peer, frame: Uint8Array): void {
    if (peer.isClosed) return;
    try {
      const message = decodeMessage(frame);
      this.deps.metrics.messageReceived(message.type, frame.byteLength);
      if (message.type !== MessageType.batch) {
        this.handleInOrder(peer, message);
        return;
      }
      for (const inner of message.frames) {
        const innerMessage = decodeMessage(inner);
        if (innerMessage.type === MessageType.batch) throw new AppError('malformed-message', 'nested batch');
        this.handleInOrder(peer, innerMessage);
        if (peer.isClosed) return;
      }
    } catch (error) {
      this.reject(peer, error);
    }
  }

  /** Handles a message, or queues it behind the peer's update that waits for another instance's. */
  private handleInOrder(peer: Peer, message: InnerMessage): void {
    if (!this.parked.has(peer)) {
      this.handle(peer, message, true);
      return;
    }
    if (!this.parked.add(peer, message)) {
      throw new AppError('clock-gap', 'too many messages behind an update that waits for another instance');
    }
  }

  private handle(peer: Peer, message: InnerMessage, mayPark: boolean): void {
    switch (message.type) {
      case MessageType.sync:
        if (message.step === SyncStep.step1) this.answerSyncStep1(peer, message.stateVector);
        else this.acceptUpdate(peer, message, mayPark);
        return;
      case MessageType.awareness:
        this.acceptAwareness(peer, message.update);
        return;
      case MessageType.queryAwareness:
        if (!peer.isPublic) peer.send(encodeAwareness(encodeAwarenessUpdate(this.awareness.snapshot())));
        return;
      case MessageType.saveRequest:
        this.answerSaveRequest(peer, message.requestId);
        return;
      case MessageType.hello:
        peer.wantsBatches = (message.features & Feature.batch) !== 0;
        peer.wantsNotices = (message.features & Feature.notices) !== 0;
        return;
      case MessageType.auth:
      case MessageType.saveAck:
      case MessageType.notice:
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

  private acceptUpdate(peer: Peer, message: InnerMessage & { update: Uint8Array }, mayPark: boolean): void {
    const { update } = message;
    if (isEmptyUpdate(update)) return;
    if (!peer.canWrite) {
      // Told once, and only about a write that would have changed something (see wouldChange).
      if (!peer.isToldReadOnly && wouldChange(this.doc, update)) this.refuseWrite(peer);
      return;
    }
    this.hydrate();
    try {
      this.writer.accept(update, peer);
    } catch (error) {
      if (!mayPark || !this.link || !mayWaitForReplica(error)) throw error;
      // Another instance may have stored what it depends on: wait for a catch-up, then try again.
      this.parked.park(peer, message, this.writer.requestCatchUp());
      this.log.debug({ peer: peer.id, err: (error as AppError).message }, 'update waits for a catch-up');
      return;
    }
    this.scheduleFlush();
  }

  /** Tries the messages that waited for a catch-up again; an update still missing a part is refused. */
  private retryParked(ticket: number): void {
    for (const [peer, messages] of this.parked.takeReady(ticket)) {
      try {
        for (const message of messages) {
          if (peer.isClosed) break;
          this.handle(peer, message, false);
        }
      } catch (error) {
        this.reject(peer, error);
      }
    }
  }

  /**
   * A read-only member's update is dropped, not applied, and the connection stays open (they
   * still follow the text and share their cursor). y-protocols' permission-denied tells them once.
   */
  private refuseWrite(peer: Peer): void {
    peer.isToldReadOnly = true;
    this.log.debug({ peer: peer.id, role: peer.identity?.role }, 'write refused: read-only');
    peer.send(encodePermissionDenied(peer.readOnlyReason ?? 'this connection is read-only'));
  }

  private acceptAwareness(peer: Peer, payload: Uint8Array): void {
    if (peer.isPublic) return; // a public reader's cursor is nobody's business
    const changed = this.awareness.apply(peer, decodeAwarenessUpdate(payload));
    if (!peer.takeAwarenessToken(changed.length > 0 ? 1 : ECHO_COST)) {
      throw new AppError('rate-limited', 'too many awareness messages');
    }
    this.queueAwareness(peer, changed);
    if (changed.length > 0) this.link?.publishAwareness(changed);
  }

  // ---- What other instances deliver (ReplicaRoom) ----

  receiveUpdates(entry: ReplicaEntry): void {
    this.writer.receiveReplica(entry);
  }

  noteHead(head: number): void {
    this.writer.noteHead(head);
  }

  receiveAwareness(instance: string, entries: readonly AwarenessEntry[]): void {
    let owner = this.instances.get(instance);
    if (!owner) this.instances.set(instance, (owner = { awarenessClientIds: new Set(), identity: null }));
    this.queueAwareness(null, this.awareness.applyReplicated(owner, entries));
  }

  localAwareness(): AwarenessEntry[] {
    return this.awareness.snapshot((owner) => this.peers.has(owner as Peer));
  }

  dropInstance(instance: string): void {
    const owner = this.instances.get(instance);
    if (!owner) return;
    this.instances.delete(instance);
    this.queueAwareness(null, this.awareness.removePeer(owner));
  }

  /**
   * Sends updates another instance stored to every peer here, at once (the writer applies them
   * right after): they never wait behind this instance's own append.
   */
  private relayReplicated(updates: readonly Uint8Array[]): void {
    if (this.peers.size > 0) {
      const frame = encodeUpdate(updates.length === 1 ? updates[0]! : Y.mergeUpdates([...updates]));
      for (const peer of this.peers) peer.send(frame);
    }
    this.fullStateFrame = null;
    this.step1Frame = null;
  }

  private answerSaveRequest(peer: Peer, requestId: number): void {
    // "Received" means stored: behind the updates accepted before it, it waits for them.
    this.writer.whenStored(() => {
      peer.send(encodeSaveAck(requestId, SaveLevel.received));
      this.deps.groupCommit.onDurable(peer.lastAppendSeq, () =>
        peer.send(encodeSaveAck(requestId, SaveLevel.durable)),
      );
    });
  }

  private queueAwareness(sender: Peer | null, entries: AwarenessEntry[]): void {
    if (entries.length === 0) return;
    this.relay.addAwareness(sender, entries);
    this.scheduleFlush();
  }

  /**
   * Sends stored updates (and the turn's awareness) to the peers; the writer integrates them into
   * the live document right after. Relaying first takes Yjs's integration and the history
   * observers off every other author's latency; it changes nothing they can see, since both
   * follow the store.
   */
  private relayStored(stored: readonly PendingAppend[]): void {
    for (const { update, sender } of stored) this.relay.addUpdate(update, sender);
    this.relay.sendTo(this.peers);
    this.fullStateFrame = null;
    this.step1Frame = null;
  }

  private scheduleFlush(): void {
    if (this.isFlushScheduled) return;
    this.isFlushScheduled = true;
    setImmediate(() => this.flush());
  }

  /**
   * Ends the turn: the writer starts storing what it accepted, and the turn's awareness goes out
   * now unless an append is in flight (then it leaves with those updates).
   */
  private flush(): void {
    this.isFlushScheduled = false;
    this.sendAwaitedStep1();
    this.writer.flush();
    if (!this.writer.isBusy) this.relay.sendTo(this.peers);
  }

  /**
   * Folds the update log into one merged state, after what is pending is stored. Safe to call any
   * time; concurrent calls coalesce.
   */
  compact(): Promise<void> {
    // Compaction encodes the live document, so it must hold the stored state.
    if (this.writer.hasUncompactedUpdates) this.hydrate();
    return this.writer.compact();
  }

  /** Drops the document and its history observer; the room is unusable afterwards. */
  destroy(): void {
    this.link?.detach();
    this.writer.dispose();
    this.history?.dispose();
    this.ydoc.destroy();
  }

  /** Closes every peer with `code`; used on shutdown and when the room must go. */
  closeAll(code: CloseCode, detail?: string): void {
    for (const peer of [...this.peers]) {
      peer.close(code, detail);
      this.leave(peer);
    }
  }
}

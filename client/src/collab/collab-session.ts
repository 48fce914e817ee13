import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import {
  CloseCode,
  MessageType,
  SyncStep,
  closeCodeMeaning,
  encodeQueryAwareness,
  encodeSaveRequest,
  encodeSyncStep1,
  encodeSyncStep2,
  isRetryable,
  canWrite,
  type NoticeKind,
} from '@wethink/shared/client';
import { IndexeddbPersistence } from 'y-indexeddb';
import { Awareness } from 'y-protocols/awareness';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  isSamePeerList,
  peersFromAwareness,
  type AwarenessUser,
  type Peer,
  type PresenceInfo,
} from './presence';
import { SaveTracker } from './save-tracker';
import {
  ConnectionStatus,
  type NetworkSignal,
  type SessionState,
  type UnsavedChangesStore,
} from './session-state';
import { useWethinkExtensions, type WethinkChannel } from './wethink-extensions';

export interface CollabSessionDeps {
  syncUrl: string;
  docName: string;
  user: AwarenessUser;
  /** null: announce nothing in this document's awareness (a comments document has no carets). */
  presence: PresenceInfo | null;
  /**
   * The server takes no edits to this document over sync from anyone (a comments document: they
   * go through the HTTP API). A reviewer's or reader's role (in `user`) makes any document so.
   */
  isReadOnlyDoc?: boolean;
  /** Query parameters of the socket's URL: `{ public: code }` reads a round's public draft. */
  params?: Record<string, string>;
  /**
   * Asks the server for notices on this connection (PROTOCOL.md, type 104) and hands each one
   * here; also called with every kind after a reconnect, since notices missed meanwhile are gone.
   */
  onNotice?: (kind: NoticeKind) => void;
  network: NetworkSignal;
  unsavedStore: UnsavedChangesStore;
  maxBackoffMs?: number;
}

/** What the app decides when it opens a document; the rest of the deps are chosen once in main.ts. */
export type SessionOptions = Pick<
  CollabSessionDeps,
  'user' | 'presence' | 'isReadOnlyDoc' | 'params' | 'onNotice'
>;

const DEFAULT_MAX_BACKOFF_MS = 4000;
/** A Yjs update with no structs and no deletes: what a client with nothing to give answers. */
const EMPTY_UPDATE = new Uint8Array([0, 0]);
/**
 * y-websocket drops a connection that received nothing for 30 s. A room where nobody else is
 * typing may stay silent that long, so after this much quiet the session asks for the awareness
 * states, whose answer proves the connection alive.
 */
const KEEPALIVE_AFTER_QUIET_MS = 12_000;

/** A normal close from the server carries no complaint, so it is worth another try. */
function shouldReconnect(code: number): boolean {
  return code === CloseCode.normal || isRetryable(code);
}

/**
 * Opens a document: IndexedDB first (edits survive a closed tab), then the socket. This is the
 * only place that imports y-websocket or y-indexeddb.
 */
export function createCollabSession(deps: CollabSessionDeps): CollabSession {
  const ydoc = new Y.Doc();
  const awareness = new Awareness(ydoc);
  // Created before the session subscribes to updates, so its IndexedDB write for an update is
  // queued before the session's read that checks the write committed.
  const persistence = new IndexeddbPersistence(`wethink:${deps.docName}`, ydoc);
  const provider = new WebsocketProvider(deps.syncUrl, deps.docName, ydoc, {
    awareness,
    connect: false,
    disableBc: true,
    ...(deps.params === undefined ? {} : { params: deps.params }),
    maxBackoffTime: deps.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS,
    shouldReconnect: (event) => shouldReconnect(event.code),
  });
  let session: CollabSession | null = null;
  const channel = useWethinkExtensions(provider, () => session?.canSendEdits ?? false, deps.onNotice);
  session = new CollabSession({ ...deps, ydoc, awareness, persistence, provider, channel });
  session.start();
  return session;
}

interface CollabSessionParts extends CollabSessionDeps {
  ydoc: Y.Doc;
  awareness: Awareness;
  persistence: IndexeddbPersistence;
  provider: WebsocketProvider;
  /** Sends behind whatever the provider queued this turn, so a save request follows its updates. */
  channel: WethinkChannel;
}

/**
 * One open document: its Y.Doc, awareness, IndexedDB persistence and socket. Components see it only
 * through `state` (plain data) and `subscribe`; the editor gets `ydoc` and `awareness`.
 */
export class CollabSession {
  readonly docName: string;
  readonly ydoc: Y.Doc;
  readonly awareness: Awareness;
  private readonly deps: CollabSessionParts;
  private readonly tracker: SaveTracker;
  private readonly listeners = new Set<(state: SessionState) => void>();
  private readonly teardown: Array<() => void> = [];
  private snapshot: SessionState;
  private peers: readonly Peer[] = [];
  private refusal: SessionState['refusal'] = null;
  private roleChanges = 0;
  private hasFailedSinceLive = false;
  private hasSyncedWithServer = false;
  /** True once our sync step 2 went out on the current socket: only then does an ack cover offline edits. */
  private canRequestSave = false;
  private isSaveRequestQueued = false;
  private isDeviceCheckQueued = false;
  private isDestroyed = false;
  /** The role the session's user has in the book, as last set; null while not known. */
  private role: AwarenessUser['role'];

  constructor(parts: CollabSessionParts) {
    this.deps = parts;
    this.docName = parts.docName;
    this.ydoc = parts.ydoc;
    this.awareness = parts.awareness;
    this.role = parts.user.role;
    this.tracker = new SaveTracker(Math.max(0, Math.floor(parts.unsavedStore.read(parts.docName))));
    this.snapshot = this.computeState();
  }

  get state(): SessionState {
    return this.snapshot;
  }

  subscribe(listener: (state: SessionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Publishes the author's reading mode and activity to the others in the document. */
  setPresence(presence: PresenceInfo): void {
    if (this.deps.presence === null) return;
    this.awareness.setLocalStateField('presence', presence);
  }

  /**
   * Updates who we say we are (after a role change). Others see what the server stamps from the
   * account; this keeps our own presence bar in step.
   */
  setUser(user: AwarenessUser): void {
    if (this.isDestroyed) return;
    this.role = user.role;
    this.awareness.setLocalStateField('user', user);
  }

  /**
   * Whether this client's edits go to the server. A read-only connection would only be refused
   * (and y-websocket logs each refusal), so the session does not send what it may not write.
   */
  get canSendEdits(): boolean {
    return this.deps.isReadOnlyDoc !== true && (this.role === null || canWrite(this.role));
  }

  start(): void {
    const { provider, persistence, awareness, ydoc, network } = this.deps;
    if (this.deps.presence !== null) {
      awareness.setLocalState({ user: this.deps.user, presence: this.deps.presence });
    } else {
      awareness.setLocalState(null);
    }
    this.installMessageHandlers();
    const onUpdate = (_update: Uint8Array, origin: unknown) => {
      if (origin === provider || origin === persistence) return;
      this.tracker.recordLocalChange();
      this.queueDeviceCheck();
      this.queueSaveRequest();
      this.emit();
    };
    ydoc.on('update', onUpdate);
    this.teardown.push(() => ydoc.off('update', onUpdate));
    void persistence.whenSynced.then(() => {
      this.queueDeviceCheck();
      this.emit();
    });
    this.listenToProvider();
    const onAwarenessChange = () => {
      const peers = peersFromAwareness(awareness.getStates(), ydoc.clientID);
      if (isSamePeerList(peers, this.peers)) return;
      this.peers = peers;
      this.emit();
    };
    awareness.on('change', onAwarenessChange);
    this.teardown.push(() => awareness.off('change', onAwarenessChange));
    this.teardown.push(network.subscribe((isOnline) => this.onNetworkChange(isOnline)));
    if (network.isOnline()) provider.connect();
    onAwarenessChange();
    const keepalive = setInterval(() => this.keepAlive(), KEEPALIVE_AFTER_QUIET_MS / 2);
    this.teardown.push(() => clearInterval(keepalive));
  }

  /** Tells the others this author left; the page is going away. */
  announceLeave(): void {
    if (!this.isDestroyed) this.awareness.setLocalState(null);
  }

  destroy(): void {
    if (this.isDestroyed) return;
    this.announceLeave();
    this.isDestroyed = true;
    for (const undo of this.teardown.splice(0)) undo();
    this.listeners.clear();
    this.deps.provider.destroy();
    void this.deps.persistence.destroy();
    this.awareness.destroy();
    this.ydoc.destroy();
  }

  private listenToProvider(): void {
    const { provider } = this.deps;
    provider.on('status', ({ status }) => {
      // A new socket: nothing on it is acknowledged until our sync step 2 has gone out.
      this.canRequestSave = false;
      if (status === 'disconnected') this.tracker.dropInFlight();
      this.emit();
    });
    provider.on('connection-close', (event) => {
      // A role change is a planned reconnect, not a failure: the state stays "connecting".
      if (event?.code === CloseCode.roleChanged) this.roleChanges += 1;
      else this.hasFailedSinceLive = true;
      this.emit();
    });
    provider.on('connection-error', () => {
      this.hasFailedSinceLive = true;
      this.emit();
    });
    provider.on('sync', (isSynced) => {
      if (isSynced) {
        this.hasFailedSinceLive = false;
        this.hasSyncedWithServer = true;
        this.canRequestSave = true;
        this.queueSaveRequest();
      }
      this.emit();
    });
    provider.on('closed', ({ code, reason }) => {
      const meaning = (closeCodeMeaning as Record<number, string | undefined>)[code] ?? 'connection refused';
      this.refusal = { code, reason: reason === '' ? meaning : reason };
      this.emit();
    });
  }

  /** Hooks our save-state extension into the stock provider's message table. */
  private installMessageHandlers(): void {
    const { provider } = this.deps;
    const handleSync = provider.messageHandlers[MessageType.sync];
    if (handleSync === undefined) throw new Error('y-websocket provider has no sync message handler');
    provider.messageHandlers[MessageType.sync] = (encoder, decoder, prov, emitSynced, messageType) => {
      const step = decoding.peekVarUint(decoder);
      if (step === SyncStep.step1 && !this.canSendEdits) {
        this.answerStep1ReadOnly(encoder, decoder);
        return;
      }
      handleSync(encoder, decoder, prov, emitSynced, messageType);
      if (step === SyncStep.step1) {
        // The provider sends our step 2 (every edit the server lacks) right after this handler
        // returns; the queued save request goes out after it, so its ack covers offline edits too.
        this.canRequestSave = true;
        this.queueSaveRequest();
      }
    };
    provider.messageHandlers[MessageType.saveAck] = (_encoder, decoder) => {
      const requestId = decoding.readVarUint(decoder);
      const level = decoding.readVarUint(decoder);
      if (this.tracker.acknowledge(requestId, level)) this.emit();
    };
  }

  /**
   * The stock answer to the server's sync step 1 carries the whole delete set, which the server
   * counts as an edit and refuses on a read-only connection: a client that may not write answers
   * with an empty update instead.
   */
  private answerStep1ReadOnly(encoder: encoding.Encoder, decoder: decoding.Decoder): void {
    decoding.readVarUint(decoder);
    decoding.readVarUint8Array(decoder);
    encoding.writeUint8Array(encoder, encodeSyncStep2(EMPTY_UPDATE));
  }

  private queueSaveRequest(): void {
    if (this.isSaveRequestQueued) return;
    this.isSaveRequestQueued = true;
    queueMicrotask(() => {
      this.isSaveRequestQueued = false;
      const ws = this.deps.provider.ws;
      if (this.isDestroyed || !this.canRequestSave || ws === null || ws.readyState !== WebSocket.OPEN) return;
      // lib0 encoders allocate plain ArrayBuffers; the type only says "maybe shared".
      this.deps.channel.send(encodeSaveRequest(this.tracker.beginRequest()) as Uint8Array<ArrayBuffer>);
    });
  }

  /**
   * IndexedDB runs transactions on one store in creation order, so a read-only transaction opened
   * after y-indexeddb's write completes only once that write is committed.
   */
  private queueDeviceCheck(): void {
    if (this.isDeviceCheckQueued) return;
    this.isDeviceCheckQueued = true;
    queueMicrotask(() => {
      this.isDeviceCheckQueued = false;
      const db = this.deps.persistence.db;
      if (this.isDestroyed || db === null) return;
      const seq = this.tracker.latestSeq;
      const tx = db.transaction(['updates'], 'readonly');
      tx.oncomplete = () => {
        this.tracker.markOnDevice(seq);
        this.emit();
      };
    });
  }

  private keepAlive(): void {
    const { provider, channel } = this.deps;
    // wsLastMessageReceived is in milliseconds (lib0 time.getUnixTime).
    if (provider.wsconnected && Date.now() - provider.wsLastMessageReceived > KEEPALIVE_AFTER_QUIET_MS) {
      // A public reader is never sent awareness, so its query would go unanswered: it asks for
      // what it lacks instead (sync step 1, always answered; nearly empty when up to date).
      const isPublicReader = this.deps.params?.public !== undefined;
      channel.send(isPublicReader ? encodeSyncStep1(Y.encodeStateVector(this.ydoc)) : encodeQueryAwareness());
    }
  }

  private onNetworkChange(isOnline: boolean): void {
    const { provider } = this.deps;
    if (!isOnline) {
      // Chromium keeps a socket half-open across a network loss; close it so the state is honest.
      provider.disconnect();
      this.hasFailedSinceLive = true;
    } else if (this.refusal === null) {
      provider.connect();
    }
    this.emit();
  }

  private computeState(): SessionState {
    return {
      docName: this.docName,
      connection: this.connection(),
      refusal: this.refusal,
      roleChanges: this.roleChanges,
      isLoadedFromDevice: this.deps.persistence.synced,
      hasSyncedWithServer: this.hasSyncedWithServer,
      save: this.tracker.summary(),
      peers: this.peers,
    };
  }

  private connection(): ConnectionStatus {
    if (this.refusal !== null) return ConnectionStatus.refused;
    if (this.deps.provider.synced) return ConnectionStatus.live;
    if (this.hasFailedSinceLive || !this.deps.network.isOnline()) return ConnectionStatus.offline;
    return ConnectionStatus.connecting;
  }

  private emit(): void {
    if (this.isDestroyed) return;
    const previous = this.snapshot;
    this.snapshot = this.computeState();
    if (previous.save.unsavedOnDevice !== this.snapshot.save.unsavedOnDevice) {
      this.deps.unsavedStore.write(this.docName, this.snapshot.save.unsavedOnDevice);
    }
    for (const listener of this.listeners) listener(this.snapshot);
  }
}

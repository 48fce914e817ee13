import {
  CloseCode,
  canWrite,
  closeCodeMeaning,
  encodeSaveRequest,
  type NoticeKind,
} from '@wethink/shared/client';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
  isSamePeerList,
  peersFromAwareness,
  type AwarenessUser,
  type Peer,
  type PresenceInfo,
} from './presence';
import { DeviceStore } from './device-store';
import { SaveTracker } from './save-tracker';
import {
  ConnectionStatus,
  type NetworkSignal,
  type SessionState,
  type UnsavedChangesStore,
} from './session-state';
import { SyncProvider } from './sync-provider';
import { UnsavedCountWriter } from './unsaved-count-writer';

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

/**
 * Opens a document: IndexedDB first (edits survive a closed tab), then the socket. This is the
 * only place that creates a `DeviceStore` or a `SyncProvider`.
 */
export function createCollabSession(deps: CollabSessionDeps): CollabSession {
  const ydoc = new Y.Doc();
  const awareness = new Awareness(ydoc);
  // Created before the session subscribes to updates, so an update is noted for the device before
  // the session asks when it is stored.
  const persistence = new DeviceStore(`wethink:${deps.docName}`, ydoc);
  let session: CollabSession | null = null;
  const provider = new SyncProvider({
    serverUrl: deps.syncUrl,
    docName: deps.docName,
    doc: ydoc,
    awareness,
    ...(deps.params === undefined ? {} : { params: deps.params }),
    ...(deps.maxBackoffMs === undefined ? {} : { maxBackoffMs: deps.maxBackoffMs }),
    canSendEdits: () => session?.canSendEdits ?? false,
    wantsNotices: deps.onNotice !== undefined,
    // A public reader is never sent awareness.
    isAwarenessSilent: deps.params?.public !== undefined,
  });
  session = new CollabSession({ ...deps, ydoc, awareness, persistence, provider });
  session.start();
  return session;
}

interface CollabSessionParts extends CollabSessionDeps {
  ydoc: Y.Doc;
  awareness: Awareness;
  persistence: DeviceStore;
  provider: SyncProvider;
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
  private readonly unsaved: UnsavedCountWriter;
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
    this.unsaved = new UnsavedCountWriter(parts.unsavedStore, parts.docName);
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
   * Whether this client's edits go to the server. A read-only connection would only be refused,
   * so the session does not send what it may not write.
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
  }

  /** Tells the others this author left, and writes down what is unsaved: the page is going away. */
  announceLeave(): void {
    if (this.isDestroyed) return;
    this.awareness.setLocalState(null);
    this.writeDown();
  }

  /**
   * Writes to this device what waits on a timer (the edits, the unsaved count): the page may be
   * about to go, or be hidden and then discarded without another word.
   */
  writeDown(): void {
    if (this.isDestroyed) return;
    this.deps.persistence.flush();
    this.unsaved.flush();
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
    const { provider, onNotice } = this.deps;
    provider.on('status', (status) => {
      // A new socket: nothing on it is acknowledged until our sync step 2 has gone out.
      this.canRequestSave = false;
      if (status === 'disconnected') this.tracker.dropInFlight();
      this.emit();
    });
    provider.on('connection-close', (close) => {
      // A role change is a planned reconnect, not a failure: the state stays "connecting".
      if (close?.code === CloseCode.roleChanged) this.roleChanges += 1;
      else this.hasFailedSinceLive = true;
      this.emit();
    });
    provider.on('connection-error', () => {
      this.hasFailedSinceLive = true;
      this.emit();
    });
    provider.on('state-sent', () => {
      // Our step 2 (every edit the server lacks) is queued; a save request after it covers them.
      this.canRequestSave = true;
      this.queueSaveRequest();
    });
    provider.on('synced', (isSynced) => {
      if (isSynced) {
        this.hasFailedSinceLive = false;
        this.hasSyncedWithServer = true;
        this.canRequestSave = true;
        this.queueSaveRequest();
      }
      this.emit();
    });
    provider.on('save-ack', (requestId, level) => {
      if (this.tracker.acknowledge(requestId, level)) this.emit();
    });
    if (onNotice) provider.on('notice', onNotice);
    provider.on('refused', ({ code, reason }) => {
      const meaning = (closeCodeMeaning as Record<number, string | undefined>)[code] ?? 'connection refused';
      this.refusal = { code, reason: reason === '' ? meaning : reason };
      this.emit();
    });
  }

  private queueSaveRequest(): void {
    if (this.isSaveRequestQueued) return;
    this.isSaveRequestQueued = true;
    queueMicrotask(() => {
      this.isSaveRequestQueued = false;
      if (this.isDestroyed || !this.canRequestSave || !this.deps.provider.isConnected) return;
      this.deps.provider.send(encodeSaveRequest(this.tracker.beginRequest()));
    });
  }

  /** Marks the changes made so far as on this device once the store has committed them. */
  private queueDeviceCheck(): void {
    if (this.isDeviceCheckQueued) return;
    this.isDeviceCheckQueued = true;
    queueMicrotask(() => {
      this.isDeviceCheckQueued = false;
      if (this.isDestroyed) return;
      const seq = this.tracker.latestSeq;
      this.deps.persistence.afterStored(() => {
        this.tracker.markOnDevice(seq);
        this.emit();
      });
    });
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
    if (this.deps.provider.isSynced) return ConnectionStatus.live;
    if (this.hasFailedSinceLive || !this.deps.network.isOnline()) return ConnectionStatus.offline;
    return ConnectionStatus.connecting;
  }

  private emit(): void {
    if (this.isDestroyed) return;
    const previous = this.snapshot;
    this.snapshot = this.computeState();
    if (previous.save.unsavedOnDevice !== this.snapshot.save.unsavedOnDevice) {
      this.unsaved.record(this.snapshot.save.unsavedOnDevice);
    }
    for (const listener of this.listeners) listener(this.snapshot);
  }
}

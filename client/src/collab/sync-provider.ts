import { ObservableV2 } from 'lib0/observable';
import type { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
  CloseCode,
  Feature,
  NoticeKind,
  decodeMessage,
  encodeBatch,
  encodeQueryAwareness,
  encodeSyncStep1,
  isRetryable,
  type SaveLevel,
} from '@wethink/shared/client';
import { DocSync } from './doc-sync';

/** The part of a WebSocket the provider uses: the browser's, or `ws` in Node (the benchmark). */
export interface SyncSocket {
  binaryType: string;
  readonly readyState: number;
  onopen: (() => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: (() => void) | null;
  send(data: Uint8Array): void;
  close(code?: number, reason?: string): void;
}

export type SyncSocketFactory = (url: string) => SyncSocket;

export interface SyncProviderOptions {
  /** `ws(s)://host/sync`: the document's name is appended as a path. */
  serverUrl: string;
  docName: string;
  doc: Y.Doc;
  awareness: Awareness;
  params?: Record<string, string>;
  openSocket?: SyncSocketFactory;
  maxBackoffMs?: number;
  canSendEdits?: () => boolean;
  /** Ask the server for notices (type 104) on this connection. */
  wantsNotices?: boolean;
  /**
   * The server sends this connection no awareness (a public reader), so quiet is proven by asking
   * for what we lack (sync step 1, always answered) instead of the others' presence.
   */
  isAwarenessSilent?: boolean;
}

export type ProviderStatus = 'connecting' | 'connected' | 'disconnected';

/** A closed socket: its code and reason, or null when this side closed it. */
export type SocketClose = { code: number; reason: string } | null;

export type SyncProviderEvents = {
  status: (status: ProviderStatus) => void;
  synced: (isSynced: boolean) => void;
  /** Our answer to the server's sync step 1 is queued: a save request sent after it covers every local edit. */
  'state-sent': () => void;
  'connection-close': (close: SocketClose) => void;
  /** The socket failed, or sent a frame that could not be read or applied (`error`). */
  'connection-error': (error?: unknown) => void;
  /** The server closed with a code that retrying cannot fix; the provider stops until `connect()`. */
  refused: (close: { code: number; reason: string }) => void;
  'save-ack': (requestId: number, level: SaveLevel) => void;
  notice: (kind: NoticeKind) => void;
};

const OPEN = 1;
const DEFAULT_MAX_BACKOFF_MS = 4000;
const FIRST_BACKOFF_MS = 100;
/** A quiet room may be silent this long; then we ask for something whose answer proves the socket alive. */
const KEEPALIVE_AFTER_QUIET_MS = 12_000;
/** Nothing at all for this long, keepalive answers included: the socket is dead whatever it says. */
const DEAD_AFTER_QUIET_MS = 30_000;
const LIVENESS_CHECK_MS = 3000;

/** A normal close from the server carries no complaint, so it is worth another try. */
function shouldReconnect(code: number): boolean {
  return code === CloseCode.normal || isRetryable(code);
}

/**
 * wethink's client end of a document's socket, on shared's codec: connects, reconnects with
 * backoff, reads every frame through `decodeMessage`, and sends what one turn produced (updates,
 * the cursor, a save request) as one frame. The server speaks y-websocket's protocol to stock
 * providers too; this one announces the extensions (batch frames, notices) in its hello.
 * It owns its socket: nothing else sends on it or reads from it.
 */
export class SyncProvider extends ObservableV2<SyncProviderEvents> {
  readonly doc: Y.Doc;
  readonly awareness: Awareness;
  private readonly options: SyncProviderOptions;
  private readonly sync: DocSync;
  private socket: SyncSocket | null = null;
  private shouldConnect = false;
  private isOpen = false;
  private isSyncedNow = false;
  private hasConnectedBefore = false;
  private failures = 0;
  private lastMessageAtMs = 0;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly livenessTimer: ReturnType<typeof setInterval>;
  private outbox: Uint8Array<ArrayBuffer>[] = [];
  private isFlushQueued = false;

  constructor(options: SyncProviderOptions) {
    super();
    this.options = options;
    this.doc = options.doc;
    this.awareness = options.awareness;
    const canSendEdits = options.canSendEdits ?? (() => true);
    this.sync = new DocSync({
      doc: options.doc,
      awareness: options.awareness,
      origin: this,
      features: Feature.batch | (options.wantsNotices ? Feature.notices : 0),
      canSendEdits,
      listener: {
        onSynced: () => this.setSynced(true),
        onStateSent: () => this.emit('state-sent', []),
        onSaveAck: (requestId, level) => this.emit('save-ack', [requestId, level]),
        onNotice: (kind) => this.emit('notice', [kind]),
        // The server refused an edit (a role that changed under us); the session shows the role.
        onPermissionDenied: () => {},
      },
    });
    options.doc.on('update', this.onDocUpdate);
    options.awareness.on('update', this.onAwarenessUpdate);
    this.livenessTimer = setInterval(() => this.checkLiveness(), LIVENESS_CHECK_MS);
  }

  get isSynced(): boolean {
    return this.isSyncedNow;
  }

  get isConnected(): boolean {
    return this.isOpen;
  }

  get url(): string {
    const query = new URLSearchParams(this.options.params ?? {}).toString();
    return `${this.options.serverUrl.replace(/\/+$/, '')}/${this.options.docName}${query ? `?${query}` : ''}`;
  }

  connect(): void {
    this.shouldConnect = true;
    // Asked now (the network came back): no reason to wait out a backoff.
    this.clearReconnect();
    if (this.socket === null) this.open();
  }

  /** Says goodbye to the others (our presence is gone for them) and closes; no retry until `connect()`. */
  disconnect(): void {
    this.shouldConnect = false;
    this.clearReconnect();
    if (this.isOpen) this.send(this.sync.leaveFrame());
    this.flush();
    if (this.socket !== null) this.closed(this.socket, null);
  }

  /**
   * Queues a frame behind everything queued this turn, so a save request follows the updates it
   * covers. Dropped while not connected: the next connection's sync step 2 carries every change.
   */
  send(frame: Uint8Array<ArrayBuffer>): void {
    this.outbox.push(frame);
    if (this.isFlushQueued) return;
    this.isFlushQueued = true;
    queueMicrotask(() => this.flush());
  }

  override destroy(): void {
    this.disconnect();
    clearInterval(this.livenessTimer);
    this.doc.off('update', this.onDocUpdate);
    this.awareness.off('update', this.onAwarenessUpdate);
    super.destroy();
  }

  private readonly onDocUpdate = (update: Uint8Array, origin: unknown): void => {
    const frame = this.sync.updateFrame(update, origin);
    if (frame !== null) this.send(frame);
  };

  private readonly onAwarenessUpdate = (change: {
    added: number[];
    updated: number[];
    removed: number[];
  }) => {
    const frame = this.sync.awarenessFrame([...change.added, ...change.updated, ...change.removed]);
    if (frame !== null) this.send(frame);
  };

  private open(): void {
    const socket = (this.options.openSocket ?? ((url) => new WebSocket(url) as SyncSocket))(this.url);
    socket.binaryType = 'arraybuffer';
    this.socket = socket;
    socket.onopen = () => this.opened(socket);
    socket.onmessage = (event) => this.received(socket, event.data);
    socket.onclose = (event) => this.closed(socket, { code: event.code, reason: event.reason });
    socket.onerror = () => {
      if (this.socket === socket) this.emit('connection-error', []);
    };
    this.emit('status', ['connecting']);
  }

  private opened(socket: SyncSocket): void {
    if (this.socket !== socket) return;
    this.isOpen = true;
    this.lastMessageAtMs = Date.now();
    for (const frame of this.sync.openingFrames()) socket.send(frame);
    this.emit('status', ['connected']);
    // Notices are not replayed (PROTOCOL.md): after a reconnect, whatever changed meanwhile is fetched.
    if (this.hasConnectedBefore && this.options.wantsNotices) {
      for (const kind of Object.values(NoticeKind)) this.emit('notice', [kind]);
    }
    this.hasConnectedBefore = true;
  }

  private received(socket: SyncSocket, data: unknown): void {
    if (this.socket !== socket) return;
    this.lastMessageAtMs = Date.now();
    let replies: Uint8Array<ArrayBuffer>[];
    try {
      replies = this.sync.receive(decodeMessage(new Uint8Array(data as ArrayBuffer)), decodeMessage);
    } catch (error) {
      // A frame we cannot read or apply: this connection's state is unknown, so start a new one
      // (its sync steps repair whatever this frame would have brought).
      socket.close(CloseCode.malformedMessage, 'bad frame from the server');
      this.emit('connection-error', [error]);
      this.closed(socket, null);
      return;
    }
    for (const reply of replies) this.send(reply);
  }

  private closed(socket: SyncSocket, close: SocketClose): void {
    if (this.socket !== socket) return;
    this.socket = null;
    socket.onopen = socket.onmessage = socket.onclose = null;
    // Closing a socket that is still connecting reports an error; nobody is listening any more.
    socket.onerror = () => {};
    socket.close();
    this.outbox = [];
    this.emit('connection-close', [close]);
    if (this.isOpen) {
      this.isOpen = false;
      this.setSynced(false);
      this.sync.forgetOthers();
      this.emit('status', ['disconnected']);
    }
    this.failures += 1;
    const isRefused = close !== null && !shouldReconnect(close.code);
    if (isRefused) this.shouldConnect = false;
    if (this.shouldConnect) this.scheduleReconnect();
    if (isRefused) this.emit('refused', [close]);
  }

  private scheduleReconnect(): void {
    const ceilingMs = Math.min(
      FIRST_BACKOFF_MS * 2 ** this.failures,
      this.options.maxBackoffMs ?? DEFAULT_MAX_BACKOFF_MS,
    );
    // Half fixed, half random: clients that lost one server together do not all come back at once.
    const delayMs = ceilingMs / 2 + Math.random() * (ceilingMs / 2);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (this.shouldConnect && this.socket === null) this.open();
    }, delayMs);
  }

  private clearReconnect(): void {
    if (this.reconnectTimer !== null) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  private setSynced(isSynced: boolean): void {
    if (this.isSyncedNow === isSynced) return;
    this.isSyncedNow = isSynced;
    // A connection that synced did useful work: the next failure starts the backoff again.
    if (isSynced) this.failures = 0;
    this.emit('synced', [isSynced]);
  }

  private flush(): void {
    this.isFlushQueued = false;
    const frames = this.outbox;
    this.outbox = [];
    const socket = this.socket;
    if (frames.length === 0 || !this.isOpen || socket === null || socket.readyState !== OPEN) return;
    socket.send(frames.length === 1 ? frames[0]! : encodeBatch(frames));
  }

  private checkLiveness(): void {
    const socket = this.socket;
    if (!this.isOpen || socket === null) return;
    const quietMs = Date.now() - this.lastMessageAtMs;
    if (quietMs > DEAD_AFTER_QUIET_MS) {
      this.closed(socket, null);
    } else if (quietMs > KEEPALIVE_AFTER_QUIET_MS) {
      this.send(
        this.options.isAwarenessSilent
          ? encodeSyncStep1(Y.encodeStateVector(this.doc))
          : encodeQueryAwareness(),
      );
    }
  }
}

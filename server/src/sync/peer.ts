import { CloseCode, canWrite, closeCodeMeaning, type AwarenessIdentity } from '@wethink/shared';
import type { SocketLike } from './socket-like';

let nextPeerId = 1;

/**
 * One socket in a room. Owns the socket: every send and close goes through here, so the send-
 * buffer budget and "closed once" hold everywhere.
 */
export class Peer {
  readonly id = nextPeerId++;
  /** Awareness client ids this peer introduced; removed for everyone when it leaves. */
  readonly awarenessClientIds = new Set<number>();
  /** Who this peer writes as: Yjs client ids are bound to it on first write. */
  readonly principal: string;
  /**
   * The authenticated member behind this socket, as the server knows it (null: anonymous, tests
   * only). Its role may change while connected; the server stamps it into awareness states.
   */
  identity: AwarenessIdentity | null;
  /** Append sequence of the newest update this peer had stored, for save acks. */
  lastAppendSeq = 0;
  /** Whether this peer unpacks batch frames (announced in a hello). */
  wantsBatches = false;
  /** Whether this peer takes notice messages (announced in a hello); see NoticeHub. */
  wantsNotices = false;
  /** Whether a read-only peer was already sent permission-denied. */
  isToldReadOnly = false;
  isClosed = false;
  closeCode: number | null = null;
  /**
   * The one frame allowed past the budget (a late joiner's sync of a long chapter) while it is
   * still queued: the budget applies to what is queued behind it.
   */
  private bulkFrameBytes = 0;
  private awarenessTokens: number;
  private awarenessRefilledAt: number;

  constructor(
    private readonly socket: SocketLike,
    private readonly options: {
      maxBufferedBytes: number;
      awarenessMessagesPerSec: number;
      identity?: AwarenessIdentity;
      /** Why this connection may not write whatever its role (a comments document); absent: the role decides. */
      readOnly?: string;
      /**
       * `public`: a reader through a review round's public link, without an account. It reads the
       * text; no cursors are sent to it or taken from it (thousands of them cost the room little).
       */
      audience?: 'member' | 'public';
      now?: () => number;
      /** Called once when the server closes this peer, so its room drops it at once. */
      onClose?: (peer: Peer) => void;
    },
  ) {
    this.identity = options.identity ?? null;
    this.principal = this.identity ? `user:${this.identity.id}` : `anonymous:${this.id}`;
    this.awarenessTokens = options.awarenessMessagesPerSec * 2;
    this.awarenessRefilledAt = this.now();
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /**
   * Sends a frame, or evicts the peer when it has not drained what it was sent before: a backlog
   * over the budget means the client stopped reading. One frame over the budget is always allowed
   * on a backlog within it, however large (a late joiner's first sync of a long chapter).
   */
  send(frame: Uint8Array): void {
    if (this.isClosed) return;
    const buffered = this.socket.bufferedAmount;
    const budget = this.options.maxBufferedBytes;
    if (buffered > budget + this.bulkFrameBytes) {
      this.evict();
      return;
    }
    if (buffered + frame.byteLength <= budget) this.bulkFrameBytes = 0;
    else if (buffered <= budget) this.bulkFrameBytes = Math.max(this.bulkFrameBytes, frame.byteLength);
    this.socket.send(frame);
  }

  /**
   * Sends several frames in one write to the kernel (a turn's update and awareness to a client
   * that does not take batch frames: one syscall instead of two, for every such peer of a room).
   */
  sendAll(frames: readonly Uint8Array[]): void {
    this.socket.cork();
    try {
      for (const frame of frames) this.send(frame);
    } finally {
      this.socket.uncork();
    }
  }

  /**
   * Drops a client that stopped reading (4408 in the metrics). No close frame: it would wait
   * behind the very backlog the client does not read, and the server would hold that backlog
   * until the close handshake timed out. The client sees the connection drop and reconnects.
   */
  private evict(): void {
    this.isClosed = true;
    this.closeCode = CloseCode.timeout;
    this.socket.terminate();
    this.options.onClose?.(this);
  }

  /** A reader through a public link (see the `audience` option). */
  get isPublic(): boolean {
    return this.options.audience === 'public';
  }

  /** Whether this peer's updates may change the document (anonymous peers may: tests only). */
  get canWrite(): boolean {
    return this.readOnlyReason === null;
  }

  /** What a refused write is told, or null when this peer may write. */
  get readOnlyReason(): string | null {
    if (this.options.readOnly !== undefined) return this.options.readOnly;
    if (this.identity === null || canWrite(this.identity.role)) return null;
    return `${this.identity.role} connection is read-only`;
  }

  close(code: CloseCode, detail?: string): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.closeCode = code;
    // Close reasons are limited to 123 bytes by the WebSocket spec.
    const reason = (detail ?? closeCodeMeaning[code]).slice(0, 120);
    this.socket.close(code, reason);
    this.options.onClose?.(this);
  }

  /**
   * Token bucket over awareness messages; false means over the limit. Stock y-websocket clients
   * echo every change they receive, so callers charge a no-op message a fraction of a real one.
   */
  takeAwarenessToken(cost = 1): boolean {
    const now = this.now();
    const rate = this.options.awarenessMessagesPerSec;
    this.awarenessTokens = Math.min(
      rate * 2,
      this.awarenessTokens + ((now - this.awarenessRefilledAt) / 1000) * rate,
    );
    this.awarenessRefilledAt = now;
    if (this.awarenessTokens < cost) return false;
    this.awarenessTokens -= cost;
    return true;
  }
}

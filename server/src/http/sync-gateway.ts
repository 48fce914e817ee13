import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  AppError,
  CloseCode,
  docKindOf,
  docNameFromPath,
  lesserRole,
  type ApiErrorBody,
  type AwarenessIdentity,
  type DocName,
  type Role,
} from '@wethink/shared';
import type { RoomLimits } from '../config';
import {
  COMPRESSION_THRESHOLD_BYTES,
  holdsCompressionContexts,
  perMessageDeflate,
  releaseAfterInflate,
  releaseCompressionContexts,
} from './compression-contexts';
import { sendFrame } from './framed-send';
import { internalsOf } from './ws-internals';
import type { Logger } from '../logger';
import { bookIdOf, type Authenticator } from './authenticate';
import { Peer } from '../sync/peer';
import type { SocketLike } from '../sync/socket-like';
import type { NoticeHub } from '../sync/notice-hub';
import type { Room } from '../sync/room';
import type { RoomRegistry } from '../sync/room-registry';
import type { SyncMetrics } from '../sync/sync-metrics';

interface Tracked {
  socket: WebSocket;
  peer: Peer;
  /** `<bookId> <userId>`: what a membership change looks the peer up by. */
  memberKey: string;
  /** The document the peer is connected to. */
  doc: DocName;
  isAlive: boolean;
}

const memberKeyOf = (bookId: string, userId: string): string => `${bookId} ${userId}`;

/**
 * Turns HTTP upgrades into peers. The document name is checked before the handshake completes, so
 * a bad name never creates a room. Reading from a socket is paused until its room is loaded: the
 * kernel's buffers, not ours, hold what a client sends early.
 */
export class SyncGateway {
  private readonly wss: WebSocketServer;
  private readonly tracked = new Set<Tracked>();
  private heartbeat: ReturnType<typeof setInterval> | null = null;

  constructor(
    private readonly deps: {
      registry: RoomRegistry;
      authenticator: Authenticator;
      limits: RoomLimits;
      logger: Logger;
      metrics: SyncMetrics;
      heartbeatMs: number;
      /** Whether a document's chapter was purged (or is being): refused with 404, never recreated. */
      isPurged?: (name: DocName) => Promise<boolean>;
      /** Member connections are registered here so notices (type 104) find them. */
      notices?: NoticeHub;
    },
  ) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: deps.limits.maxMessageBytes,
      perMessageDeflate,
    });
  }

  /**
   * One listener for every upgrading socket. A closure made inside `handleUpgrade` would share
   * its scope, and so keep each connection's request (headers, URL with token) for its lifetime.
   */
  private readonly onUpgradeSocketError = (error: Error): void =>
    this.deps.logger.debug({ err: error.message }, 'upgrade socket error');

  get connectionCount(): number {
    return this.tracked.size;
  }

  start(): void {
    this.heartbeat = setInterval(() => this.checkHeartbeats(), this.deps.heartbeatMs);
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', this.onUpgradeSocketError);
    // The raw path, not a parsed URL: URL parsing would resolve `..` into a different, valid name.
    const pathname = (request.url ?? '/').split('?', 1)[0]!;
    const name = docNameFromPath(pathname);
    if (!name) {
      rejectUpgrade(socket, 400, 'invalid-request', 'invalid document name');
      return;
    }
    if (docKindOf(name) === 'other') {
      rejectUpgrade(socket, 404, 'not-found', 'no such document: a book, a chapter or its comments');
      return;
    }
    // Nothing is read from the socket until the handshake completes: an unauthenticated client
    // cannot make the server buffer anything.
    const admitted = this.deps.authenticator.authenticate(request, name).then(async (auth) => {
      if (await this.deps.isPurged?.(name)) throw new AppError('not-found', 'this chapter was purged');
      return auth;
    });
    admitted.then(
      ({ identity, audience }) => {
        if (socket.destroyed) return;
        // The 101 response, the server's sync step 1 and the room's cursors leave in one write
        // once the peer has joined (accept uncorks); a refused handshake's end() uncorks too.
        socket.cork();
        this.wss.handleUpgrade(request, socket, head, (ws) =>
          this.accept(ws, socket, name, identity, audience),
        );
      },
      (error: unknown) => {
        if (!(error instanceof AppError)) {
          this.deps.logger.error({ err: error, doc: name }, 'authentication failed');
          rejectUpgrade(socket, 500, 'internal', 'internal error');
          return;
        }
        this.deps.logger.debug({ doc: name, code: error.code }, 'upgrade refused');
        rejectUpgrade(socket, error.httpStatus, error.code, error.message);
      },
    );
  }

  /**
   * Applies a membership change to open connections at once: a removed member is closed with
   * 4403, one whose role changed with 4205 so it reconnects under the new role.
   */
  applyMembershipChange(bookId: string, userId: string, role: Role | null): void {
    const key = memberKeyOf(bookId, userId);
    for (const tracked of this.tracked) {
      if (tracked.memberKey !== key || tracked.peer.identity?.role === role) continue;
      if (role === null) tracked.peer.close(CloseCode.forbidden, 'removed from this book');
      else tracked.peer.close(CloseCode.roleChanged, `role changed to ${role}`);
    }
  }

  /**
   * A member's colour in the book changed: their connections here stamp their next cursor with it
   * (others' pages refetch the members on the notice that goes with it).
   */
  applyMemberColor(bookId: string, userId: string, color: string): void {
    const key = memberKeyOf(bookId, userId);
    for (const { memberKey, peer } of this.tracked) {
      if (memberKey === key && peer.identity) peer.identity = { ...peer.identity, color };
    }
  }

  /** Closes the public readers of a chapter: its public link was withdrawn or its round closed. */
  closePublicReaders(chapter: DocName): void {
    for (const { peer, doc } of this.tracked) {
      if (!peer.isPublic || doc !== chapter) continue;
      peer.close(CloseCode.forbidden, 'the public link was withdrawn or its review round closed');
    }
  }

  /**
   * Checks every open connection's role against `roleOf` (the database) and closes those whose
   * member now has less than the connection holds, or is gone: role changes made on another
   * instance while the channel that carries them (Redis) was down.
   */
  async revalidateRoles(roleOf: (bookId: string, userId: string) => Promise<Role | null>): Promise<void> {
    const byMember = new Map<string, Tracked[]>();
    for (const tracked of this.tracked) {
      byMember.set(tracked.memberKey, [...(byMember.get(tracked.memberKey) ?? []), tracked]);
    }
    for (const [key, members] of byMember) {
      const [bookId, userId] = key.split(' ') as [string, string];
      const role = await roleOf(bookId, userId);
      for (const { peer } of members) {
        if (peer.isPublic) continue; // not a member: its link is checked when the round changes
        const held = peer.identity?.role;
        if (!held || (role !== null && lesserRole(role, held) === held)) continue;
        if (role === null) peer.close(CloseCode.forbidden, 'removed from this book');
        else peer.close(CloseCode.roleChanged, `role changed to ${role}`);
      }
    }
  }

  private accept(
    socket: WebSocket,
    upgraded: Duplex,
    name: DocName,
    identity: AwarenessIdentity,
    audience: 'member' | 'public',
  ): void {
    const log = this.deps.logger.child({ doc: name });
    socket.binaryType = 'nodebuffer';
    socket.pause();
    let room: Room | null = null;
    const peer = new Peer(new WsSocket(socket), {
      identity,
      audience,
      // Comments are written through the HTTP API, which checks per-comment rules (see comments/).
      ...(docKindOf(name) === 'comments'
        ? { readOnly: 'comments are written through the HTTP API, not over sync' }
        : {}),
      maxBufferedBytes: this.deps.limits.maxBufferedBytes,
      awarenessMessagesPerSec: this.deps.limits.awarenessMessagesPerSec,
      onClose: () => {
        if (room) this.deps.registry.leave(room, peer);
      },
    });
    const tracked: Tracked = {
      socket,
      peer,
      memberKey: memberKeyOf(bookIdOf(name), identity.id),
      doc: name,
      isAlive: true,
    };
    this.tracked.add(tracked);
    this.deps.metrics.peersChanged(1);
    const member = { bookId: bookIdOf(name), userId: identity.id };
    if (audience === 'member') this.deps.notices?.track(peer, member);

    socket.on('error', (error) => {
      // ws closes the socket itself (1002 protocol error, 1009 too big, 1007 bad UTF-8).
      log.warn({ peer: peer.id, err: error.message }, 'websocket error');
    });
    socket.on('pong', () => {
      tracked.isAlive = true;
    });
    socket.on('message', (data, isBinary) => {
      if (!room) return;
      if (!isBinary) {
        peer.close(CloseCode.malformedMessage, 'text frames are not part of the protocol');
        return;
      }
      const bytes = data as Buffer;
      room.receive(peer, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      // Node clients (ws) compress from 1 KiB: free the inflate stream such a frame created. Small
      // frames (browsers compress every one) keep theirs until the heartbeat, not re-created per keystroke.
      if (bytes.byteLength >= 1024) releaseAfterInflate(socket);
    });
    socket.on('close', (code) => {
      this.tracked.delete(tracked);
      this.deps.notices?.untrack(peer, member);
      this.deps.metrics.peersChanged(-1);
      this.deps.metrics.peerClosed(peer.closeCode ?? code);
      peer.isClosed = true;
      log.debug({ peer: peer.id, code }, 'peer left');
      if (room) this.deps.registry.leave(room, peer);
    });

    this.deps.registry.join(name, peer).then(
      (joined) => {
        upgraded.uncork();
        if (peer.isClosed) return;
        room = joined;
        socket.resume();
      },
      (error: unknown) => {
        upgraded.uncork();
        log.warn({ peer: peer.id, err: String(error) }, 'could not open document');
        // Resume so the close handshake can complete; no room exists, so frames are dropped.
        socket.resume();
        peer.close(CloseCode.storageUnavailable, 'document could not be loaded, try again');
      },
    );
  }

  /** Connections holding zlib streams now; the heartbeat frees those left idle. */
  get compressionContextCount(): number {
    let count = 0;
    for (const tracked of this.tracked) if (holdsCompressionContexts(tracked.socket)) count += 1;
    return count;
  }

  /** Bytes queued in user space for every connection, not yet handed to the kernel. */
  get bufferedBytes(): number {
    let bytes = 0;
    for (const tracked of this.tracked) bytes += tracked.socket.bufferedAmount;
    return bytes;
  }

  private checkHeartbeats(): void {
    for (const tracked of this.tracked) {
      if (!tracked.isAlive) {
        tracked.socket.terminate();
        continue;
      }
      tracked.isAlive = false;
      tracked.socket.ping();
      // ~60 KiB per connection that compressed something since the last beat (browsers: any frame).
      releaseCompressionContexts(tracked.socket);
    }
  }

  /** Stops heartbeats and refuses new upgrades; open peers are closed by the registry. */
  close(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.wss.close();
  }
}

/**
 * The peer's view of a ws socket: large frames free their zlib streams once written. A class, not
 * an object of closures: one per connection, and methods on the prototype cost it nothing.
 */
class WsSocket implements SocketLike {
  constructor(private readonly socket: WebSocket) {}

  send(frame: Uint8Array): void {
    if (frame.byteLength < COMPRESSION_THRESHOLD_BYTES) sendFrame(this.socket, frame);
    else sendFrame(this.socket, frame, () => releaseCompressionContexts(this.socket));
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }

  terminate(): void {
    this.socket.terminate();
  }

  cork(): void {
    internalsOf(this.socket)._socket?.cork();
  }

  uncork(): void {
    internalsOf(this.socket)._socket?.uncork();
  }

  get bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }
}

/** Answers an upgrade with an HTTP error in the API's error shape, before any WebSocket exists. */
function rejectUpgrade(socket: Duplex, status: number, code: string, message: string): void {
  const body = JSON.stringify({ error: { code, message } } satisfies ApiErrorBody);
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

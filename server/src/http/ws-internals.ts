import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/**
 * The parts of a ws 8 WebSocket this server reaches into (lib/websocket.js, lib/sender.js,
 * lib/receiver.js). ws is pinned by the lockfile; the sync gateway tests cover both uses.
 */
export interface WsInternals {
  _socket: Socket | null;
  _extensions: Record<string, PerMessageDeflateInternals | undefined>;
  _sender: { _state: number; _queue: unknown[] };
  /** `_fragmented`: the opcode of a message whose later fragments are still to come, else 0. */
  _receiver: { _state: number; _fragmented: number };
}

interface PerMessageDeflateInternals {
  cleanup(): void;
  _deflate: unknown;
  _inflate: unknown;
  /** The parameters both sides agreed on in the handshake (RFC 7692). */
  params: { server_no_context_takeover?: boolean; server_max_window_bits?: number };
}

/** Sender idle (nothing being compressed, nothing queued behind it) and Receiver inflating. */
export const SENDER_IDLE = 0;
export const RECEIVER_INFLATING = 5;

export const internalsOf = (socket: WebSocket): WsInternals => socket as unknown as WsInternals;

/** Whether ws would write a frame handed to it now straight to the TCP socket, in order. */
export function isSenderIdle(socket: WebSocket): boolean {
  const sender = internalsOf(socket)._sender;
  return sender._state === SENDER_IDLE && sender._queue.length === 0;
}

interface FrameOptions {
  fin: boolean;
  opcode: number;
  mask: boolean;
  readOnly: boolean;
  rsv1: boolean;
}

/** ws's own framing (`Sender.frame`): exported by ws, not declared by @types/ws. */
export const { Sender } = createRequire(import.meta.url)('ws') as {
  Sender: { frame(data: Buffer, options: FrameOptions): Buffer[] };
};

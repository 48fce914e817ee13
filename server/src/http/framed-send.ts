import { WebSocket } from 'ws';
import { COMPRESSION_THRESHOLD_BYTES } from './compression-contexts';
import { Sender, internalsOf, isSenderIdle } from './ws-internals';

/** Payload → its whole WebSocket frame, built once however many peers it goes to. */
const wireFrames = new WeakMap<Uint8Array, Buffer>();

/** An unmasked, uncompressed, final binary frame: what a server sends every peer alike. */
function wireFrameOf(payload: Uint8Array): Buffer {
  let wire = wireFrames.get(payload);
  if (!wire) {
    const data = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength);
    const parts = Sender.frame(data, { fin: true, opcode: 2, mask: false, readOnly: true, rsv1: false });
    wire = Buffer.concat(parts);
    wireFrames.set(payload, wire);
  }
  return wire;
}

/**
 * Sends one binary message. Below the compression threshold the frame's bytes are built once per
 * payload and written to the TCP socket directly: a relay sends the same payload to every peer of a
 * room, and ws would frame it again for each (a header buffer, cork, two writes, uncork). That is
 * only what ws itself does when its sender is idle, so anything else (a large frame to compress,
 * a queue behind a compression, a closing socket) goes through ws as usual, in order.
 */
export function sendFrame(socket: WebSocket, payload: Uint8Array, onWritten?: () => void): void {
  const tcp = internalsOf(socket)._socket;
  if (
    payload.byteLength >= COMPRESSION_THRESHOLD_BYTES ||
    socket.readyState !== WebSocket.OPEN ||
    tcp === null ||
    !isSenderIdle(socket)
  ) {
    socket.send(payload, onWritten);
    return;
  }
  tcp.write(wireFrameOf(payload), onWritten);
}

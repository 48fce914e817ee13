import zlib from 'node:zlib';
import { WebSocket } from 'ws';
import { COMPRESSION_THRESHOLD_BYTES } from './compression-contexts';
import { Sender, internalsOf, isSenderIdle } from './ws-internals';

/**
 * Payload → its compressed frame per deflate window size: 'compressing' while the thread pool
 * works on it, then the frame. Only used with server_no_context_takeover, where every message is
 * deflated on its own, so the bytes are the same for every connection with that window.
 */
const compressedFrames = new WeakMap<Uint8Array, Map<number, Buffer | 'compressing'>>();

/**
 * Payload → its whole uncompressed frame, built once however many peers it goes to (a relay sends
 * one payload to every peer of a room). It lives as long as the payload does.
 */
const wireFrames = new WeakMap<Uint8Array, Buffer>();

const frameOf = (data: Buffer, rsv1: boolean): Buffer =>
  Buffer.concat(Sender.frame(data, { fin: true, opcode: 2, mask: false, readOnly: true, rsv1 }));

function wireFrameOf(payload: Uint8Array): Buffer {
  let wire = wireFrames.get(payload);
  if (!wire) {
    wire = frameOf(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength), false);
    wireFrames.set(payload, wire);
  }
  return wire;
}

/** The window a connection's compressed messages use, or null when they are not self-contained. */
function independentDeflateWindow(socket: WebSocket): number | null {
  const deflate = internalsOf(socket)._extensions['permessage-deflate'];
  if (!deflate?.params.server_no_context_takeover) return null;
  return deflate.params.server_max_window_bits ?? zlib.constants.Z_DEFAULT_WINDOWBITS;
}

/**
 * The compressed frame of `payload` for `windowBits` once it is ready, else null. The first send
 * of a payload only notes it (ws compresses it, as for any one-off frame); the second starts one
 * shared compression on the thread pool, whose frame every later send of it gets. A sync flush
 * ends the deflate data with 00 00 ff ff, which RFC 7692 has the sender strip.
 */
function compressedFrameOf(payload: Uint8Array, windowBits: number): Buffer | null {
  const byWindow = compressedFrames.get(payload);
  if (!byWindow) {
    compressedFrames.set(payload, new Map());
    return null;
  }
  const ready = byWindow.get(windowBits);
  if (ready === 'compressing') return null;
  if (ready) return ready;
  byWindow.set(windowBits, 'compressing');
  zlib.deflateRaw(payload, { windowBits, finishFlush: zlib.constants.Z_SYNC_FLUSH }, (error, deflated) => {
    if (error) byWindow.delete(windowBits);
    else byWindow.set(windowBits, frameOf(deflated.subarray(0, deflated.length - 4), true));
  });
  return null;
}

/**
 * Sends one binary message. A small frame is built once per payload and goes to each TCP socket
 * in one write: ws frames every copy again and corks the socket for a header and a payload write,
 * per peer of a room on every relay. A large payload sent again and again to clients that
 * compress (a chapter's full state to each fresh browser) is deflated once, not once per client.
 * Writing directly is only what ws itself does when its sender is idle, so anything else (a queue
 * behind a compression, a closing socket, a compressed frame not ready yet, a large frame
 * uncompressed) goes through ws, in order.
 */
export function sendFrame(socket: WebSocket, payload: Uint8Array, onWritten?: () => void): void {
  const tcp = internalsOf(socket)._socket;
  if (socket.readyState !== WebSocket.OPEN || tcp === null || !isSenderIdle(socket)) {
    socket.send(payload, onWritten);
    return;
  }
  if (payload.byteLength < COMPRESSION_THRESHOLD_BYTES) {
    tcp.write(wireFrameOf(payload), onWritten);
    return;
  }
  const windowBits = independentDeflateWindow(socket);
  const compressed = windowBits === null ? null : compressedFrameOf(payload, windowBits);
  if (compressed) tcp.write(compressed, onWritten);
  else socket.send(payload, onWritten);
}

import type { WebSocket } from 'ws';
import { RECEIVER_INFLATING, internalsOf, isSenderIdle } from './ws-internals';

/** Frames below this are sent uncompressed: keystrokes and ordinary chapter syncs never pay zlib. */
export const COMPRESSION_THRESHOLD_BYTES = 16 * 1024;

/**
 * permessage-deflate settings. No context takeover both ways: every message is compressed on its
 * own, so a connection's zlib streams carry nothing from one message to the next and can be freed.
 */
export const perMessageDeflate = {
  threshold: COMPRESSION_THRESHOLD_BYTES,
  serverNoContextTakeover: true,
  clientNoContextTakeover: true,
  concurrencyLimit: 4,
};

/**
 * Frees a connection's zlib streams while they are idle. Once one frame was compressed, ws keeps
 * ~220 KiB of deflate and ~40 KiB of inflate state per connection for its whole life and has no
 * API to drop it; with no context takeover that state is dead weight, and ws re-creates the streams
 * on the next large frame. This reaches into ws 8 internals (pinned by the lockfile, covered by
 * compression-release.test.ts): skip if anything is being (de)compressed right now.
 */
export function releaseCompressionContexts(socket: WebSocket): void {
  if (!holdsCompressionContexts(socket) || !isSenderIdle(socket)) return;
  const internals = internalsOf(socket);
  const receiver = internals._receiver;
  // Mid-message (inflating, or between the fragments of one message) the stream holds its state.
  if (receiver._state === RECEIVER_INFLATING || receiver._fragmented !== 0) return;
  internals._extensions['permessage-deflate']?.cleanup();
}

/** Whether a connection holds zlib streams now (for the metrics gauge). */
export function holdsCompressionContexts(socket: WebSocket): boolean {
  const extension = internalsOf(socket)._extensions['permessage-deflate'];
  return Boolean(extension && (extension._deflate || extension._inflate));
}

/**
 * Frees the inflate stream a received message created, once ws is done with it: ws emits an
 * inflated message while its receiver still counts as inflating, so a release from the message
 * handler itself would always be skipped.
 */
export function releaseAfterInflate(socket: WebSocket): void {
  if (holdsCompressionContexts(socket)) setImmediate(() => releaseCompressionContexts(socket));
}

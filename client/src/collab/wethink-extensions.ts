import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import type { WebsocketProvider } from 'y-websocket';
import {
  Feature,
  MessageType,
  NoticeKind,
  encodeAwareness,
  encodeBatch,
  encodeHello,
  encodeUpdate,
  isNoticeKind,
  readCanonicalVarUint,
} from '@wethink/shared/client';

/** The outgoing side of a provider with wethink's extensions on. */
export interface WethinkChannel {
  /**
   * Queues a message behind everything the provider already queued in this turn (so a save
   * request always follows the updates it covers); dropped while disconnected, like y-websocket's
   * own sends, because the next connection's sync step 2 carries any change anyway.
   */
  send(frame: Uint8Array<ArrayBuffer>): void;
}

/**
 * Switches a stock `WebsocketProvider` to the wethink protocol extensions (PROTOCOL.md):
 * - announces `Feature.batch` on every connection and unpacks the server's batch frames;
 * - sends what one turn produced (an update, its cursor move, a save request) as one frame;
 * - sends only this client's own awareness: the stock provider echoes every state it receives,
 *   which costs the server one message per watcher per cursor move;
 * - sends no updates while `shouldSendUpdates()` is false (the server would refuse them);
 * - with `onNotice`, announces `Feature.notices` and hands each notice to it (see `listenForNotices`).
 * Works in browsers and Node (the benchmark uses it); the provider's destroy() still cleans up.
 */
export function useWethinkExtensions(
  provider: WebsocketProvider,
  /** False while the server would refuse this client's edits (a read-only role): they stay local. */
  shouldSendUpdates: () => boolean = () => true,
  /** Called for each notice (type 104); absent: this connection does not ask for notices. */
  onNotice?: (kind: NoticeKind) => void,
): WethinkChannel {
  const { doc, awareness } = provider;
  const outbox: Uint8Array<ArrayBuffer>[] = [];
  let isFlushQueued = false;

  const flush = (): void => {
    isFlushQueued = false;
    const frames = outbox.splice(0);
    const ws = provider.ws;
    if (frames.length === 0 || !provider.wsconnected || !ws || ws.readyState !== ws.OPEN) return;
    ws.send(frames.length === 1 ? frames[0]! : encodeBatch(frames));
  };
  const send = (frame: Uint8Array<ArrayBuffer>): void => {
    outbox.push(frame);
    if (isFlushQueued) return;
    isFlushQueued = true;
    queueMicrotask(flush);
  };

  doc.off('update', provider._updateHandler);
  awareness.off('update', provider._awarenessUpdateHandler);
  provider._updateHandler = (update: Uint8Array, origin: unknown) => {
    if (origin !== provider && shouldSendUpdates()) send(encodeUpdate(update));
  };
  provider._awarenessUpdateHandler = ({ added, updated, removed }: AwarenessChange) => {
    const isOwnChange = [...added, ...updated, ...removed].includes(doc.clientID);
    if (isOwnChange)
      send(encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID])));
  };
  doc.on('update', provider._updateHandler);
  awareness.on('update', provider._awarenessUpdateHandler);

  // 'connected' is emitted before the provider's own sync step 1, so the hello goes first.
  const features = Feature.batch | (onNotice ? Feature.notices : 0);
  provider.on('status', ({ status }) => {
    if (status === 'connected') provider.ws?.send(encodeHello(features));
  });
  if (onNotice) listenForNotices(provider, onNotice);
  provider.messageHandlers[MessageType.batch] = (_encoder, decoder, prov, emitSynced) => {
    const count = decoding.readVarUint(decoder);
    for (let i = 0; i < count; i++) {
      const inner = decoding.createDecoder(decoding.readVarUint8Array(decoder));
      const type = decoding.readVarUint(inner);
      const handler = type === MessageType.batch ? undefined : prov.messageHandlers[type];
      if (!handler) continue;
      const reply = encoding.createEncoder();
      handler(reply, inner, prov, emitSynced, type);
      // Handlers write their type byte first; anything more is a reply to send.
      if (encoding.length(reply) > 1) prov.ws?.send(encoding.toUint8Array(reply));
    }
  };
  return { send };
}

/**
 * Hands notices to `onNotice`. Notices are not replayed (PROTOCOL.md), so every reconnect after
 * the first counts as every kind at once: whatever changed while the socket was down is fetched.
 */
function listenForNotices(provider: WebsocketProvider, onNotice: (kind: NoticeKind) => void): void {
  let hasConnected = false;
  provider.on('status', ({ status }) => {
    if (status !== 'connected') return;
    if (hasConnected) for (const kind of Object.values(NoticeKind)) onNotice(kind);
    hasConnected = true;
  });
  provider.messageHandlers[MessageType.notice] = (_encoder, decoder) => {
    const kind = readCanonicalVarUint(decoder);
    // A kind from a newer server means nothing to this client: nothing to refetch.
    if (isNoticeKind(kind)) onNotice(kind);
  };
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

import { useWethinkExtensions } from '@wethink/client/wethink-extensions';
import { WebsocketProvider } from 'y-websocket';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { SyncEndpoint } from '../servers/server-under-test';
import { createCountingWebSocket } from './counting-websocket';
import { CHAPTER_TEXT_NAME, type ClientOptions, type SyncClient } from './sync-client';
import { SyncTracker } from './sync-tracker';
import { TransportStats } from './transport-stats';

/**
 * A client on the stock y-websocket provider (BroadcastChannel off: it would bypass the server),
 * optionally with the wethink editor's protocol extensions on (batched frames, no awareness echo).
 */
export function connectYWebsocketClient(
  endpoint: SyncEndpoint,
  docName: string,
  options: ClientOptions & { isWethinkClient: boolean },
): SyncClient {
  const doc = new Y.Doc();
  const text = doc.getText(CHAPTER_TEXT_NAME);
  const awareness = new Awareness(doc);
  if (options.user) awareness.setLocalStateField('user', options.user);
  const stats = new TransportStats();
  const tracker = new SyncTracker(docName, text, stats);
  // A lookup (the endpoint's access was prepared before): credentials cost nothing per message.
  const { room, params } = endpoint.access.route(docName);
  const connectStartedMs = performance.now();
  const provider = new WebsocketProvider(endpoint.baseUrl, room, doc, {
    awareness,
    params,
    disableBc: true,
    // y-websocket types its polyfill as the DOM WebSocket; `ws` implements the parts it uses.
    WebSocketPolyfill: createCountingWebSocket(stats, {
      isDeflateOffered: options.isDeflateOffered ?? false,
    }) as unknown as typeof globalThis.WebSocket,
  });
  if (options.isWethinkClient) useWethinkExtensions(provider);
  let isDestroyed = false;
  provider.on('sync', (isSynced: boolean) => {
    if (isSynced) tracker.markSynced();
  });
  provider.on('connection-close', () => {
    if (!isDestroyed) stats.failures += 1;
  });
  provider.on('connection-error', () => {
    if (!isDestroyed) stats.failures += 1;
  });
  return {
    doc,
    text,
    awareness,
    stats,
    connectStartedMs,
    get syncedAtMs() {
      return tracker.syncedAtMs;
    },
    get textLengthAtSync() {
      return tracker.textLengthAtSync;
    },
    whenSynced: (timeoutMs) => tracker.whenSynced(timeoutMs),
    destroy: () => {
      isDestroyed = true;
      provider.destroy();
      awareness.destroy();
      doc.destroy();
    },
  };
}

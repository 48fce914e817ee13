import { WebsocketProvider } from 'y-websocket';
import type { SyncEndpoint } from '../servers/server-under-test';
import { createClientParts, syncClientOf } from './client-parts';
import { createCountingWebSocket } from './counting-websocket';
import type { ClientOptions, SyncClient } from './sync-client';

/** A client on the stock y-websocket provider (BroadcastChannel off: it would bypass the server). */
export function connectYWebsocketClient(
  endpoint: SyncEndpoint,
  docName: string,
  options: ClientOptions = {},
): SyncClient {
  const parts = createClientParts(docName, options);
  // A lookup (the endpoint's access was prepared before): credentials cost nothing per message.
  const { room, params } = endpoint.access.route(docName);
  const connectStartedMs = performance.now();
  const provider = new WebsocketProvider(endpoint.baseUrl, room, parts.doc, {
    awareness: parts.awareness,
    params,
    disableBc: true,
    // y-websocket types its polyfill as the DOM WebSocket; `ws` implements the parts it uses.
    WebSocketPolyfill: createCountingWebSocket(parts.stats, {
      isDeflateOffered: options.isDeflateOffered ?? false,
    }) as unknown as typeof globalThis.WebSocket,
  });
  let isDestroyed = false;
  const countFailure = () => {
    if (!isDestroyed) parts.stats.failures += 1;
  };
  provider.on('sync', (isSynced: boolean) => {
    if (isSynced) parts.tracker.markSynced();
  });
  provider.on('connection-close', countFailure);
  provider.on('connection-error', countFailure);
  return syncClientOf(parts, connectStartedMs, () => {
    isDestroyed = true;
    provider.destroy();
  });
}

import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import type { SyncEndpoint } from '../servers/server-under-test';
import { createClientParts, syncClientOf } from './client-parts';
import { createCountingWebSocket } from './counting-websocket';
import type { ClientOptions, SyncClient } from './sync-client';

/**
 * A client on Hocuspocus's own provider. Each client gets its own HocuspocusProviderWebsocket, so
 * one socket per simulated author, as with y-websocket (Hocuspocus could multiplex documents).
 */
export function connectHocuspocusClient(
  endpoint: SyncEndpoint,
  docName: string,
  options: ClientOptions = {},
): SyncClient {
  const parts = createClientParts(docName, options);
  const { doc, awareness, stats, tracker } = parts;
  let isDestroyed = false;
  const { room, params } = endpoint.access.route(docName);
  // Hocuspocus 3's provider has no URL parameters; its servers here need no credentials.
  if (Object.keys(params).length > 0)
    throw new RangeError(
      `the Hocuspocus client cannot send parameters, got ${Object.keys(params).join(', ')}`,
    );
  const connectStartedMs = performance.now();
  const socket = new HocuspocusProviderWebsocket({
    url: endpoint.baseUrl,
    WebSocketPolyfill: createCountingWebSocket(stats, {
      isDeflateOffered: options.isDeflateOffered ?? false,
    }),
    onClose: () => {
      if (!isDestroyed) stats.failures += 1;
    },
  });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: room,
    document: doc,
    awareness,
    onSynced: ({ state }) => {
      if (state) tracker.markSynced();
    },
  });
  provider.attach();
  return syncClientOf(parts, connectStartedMs, () => {
    isDestroyed = true;
    provider.destroy();
    socket.destroy();
  });
}

import { SyncProvider, type SyncSocket } from '@wethink/client/sync-provider';
import type { SyncEndpoint } from '../servers/server-under-test';
import { createClientParts, syncClientOf } from './client-parts';
import { createCountingWebSocket } from './counting-websocket';
import type { ClientOptions, SyncClient } from './sync-client';

/**
 * A client on wethink's own provider, the editor's (shared's codec, batched frames, no awareness
 * echo), over a counting `ws` socket.
 */
export function connectWethinkClient(
  endpoint: SyncEndpoint,
  docName: string,
  options: ClientOptions = {},
): SyncClient {
  const parts = createClientParts(docName, options);
  const { room, params } = endpoint.access.route(docName);
  const CountingWebSocket = createCountingWebSocket(parts.stats, {
    isDeflateOffered: options.isDeflateOffered ?? false,
  });
  const connectStartedMs = performance.now();
  const provider = new SyncProvider({
    serverUrl: endpoint.baseUrl,
    docName: room,
    doc: parts.doc,
    awareness: parts.awareness,
    params,
    // `ws` implements the browser's on* properties the provider uses.
    openSocket: (url) => new CountingWebSocket(url) as unknown as SyncSocket,
  });
  let isDestroyed = false;
  const countFailure = () => {
    if (!isDestroyed) parts.stats.failures += 1;
  };
  provider.on('synced', (isSynced) => {
    if (isSynced) parts.tracker.markSynced();
  });
  provider.on('connection-close', countFailure);
  provider.on('connection-error', countFailure);
  provider.connect();
  return syncClientOf(parts, connectStartedMs, () => {
    isDestroyed = true;
    provider.destroy();
  });
}

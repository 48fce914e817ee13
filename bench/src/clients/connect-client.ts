import type { SyncEndpoint } from '../servers/server-under-test';
import { connectHocuspocusClient } from './hocuspocus-client';
import type { ClientOptions, SyncClient } from './sync-client';
import { connectWethinkClient } from './wethink-client';
import { connectYWebsocketClient } from './y-websocket-client';

/**
 * Connects one client with the provider library the endpoint speaks. The name must have been
 * prepared (`endpoint.access.prepare`), so that connecting does no IO of the bench's own.
 */
export function connectClient(endpoint: SyncEndpoint, docName: string, options?: ClientOptions): SyncClient {
  switch (endpoint.protocol) {
    case 'y-websocket':
      return connectYWebsocketClient(endpoint, docName, options);
    case 'wethink':
      return connectWethinkClient(endpoint, docName, options);
    case 'hocuspocus':
      return connectHocuspocusClient(endpoint, docName, options);
  }
}

/**
 * Connects one client per document name in waves of `waveSize`, each wave synced before the
 * next starts, so a scenario that is not about connecting does not measure a storm. Prepares the
 * names first (a no-op once they are).
 */
export async function connectInWaves(
  endpoint: SyncEndpoint,
  docNames: readonly string[],
  options: ClientOptions & { waveSize: number; timeoutMs: number },
): Promise<SyncClient[]> {
  await endpoint.access.prepare(docNames);
  const clients: SyncClient[] = [];
  try {
    for (let start = 0; start < docNames.length; start += options.waveSize) {
      const names = docNames.slice(start, start + options.waveSize);
      const wave = names.map((name) => connectClient(endpoint, name, options));
      clients.push(...wave);
      await Promise.all(wave.map((client) => client.whenSynced(options.timeoutMs)));
    }
  } catch (error) {
    destroyAll(clients);
    throw error;
  }
  return clients;
}

export function destroyAll(clients: Iterable<SyncClient>): void {
  for (const client of clients) client.destroy();
}

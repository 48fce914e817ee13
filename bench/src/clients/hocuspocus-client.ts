import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import type { SyncEndpoint } from '../servers/server-under-test';
import { createCountingWebSocket } from './counting-websocket';
import { CHAPTER_TEXT_NAME, type ClientOptions, type SyncClient } from './sync-client';
import { SyncTracker } from './sync-tracker';
import { TransportStats } from './transport-stats';

/**
 * A client on Hocuspocus's own provider. Each client gets its own HocuspocusProviderWebsocket, so
 * one socket per simulated author, as with y-websocket (Hocuspocus could multiplex documents).
 */
export function connectHocuspocusClient(
  endpoint: SyncEndpoint,
  docName: string,
  options: ClientOptions = {},
): SyncClient {
  const doc = new Y.Doc();
  const text = doc.getText(CHAPTER_TEXT_NAME);
  const awareness = new Awareness(doc);
  if (options.user) awareness.setLocalStateField('user', options.user);
  const stats = new TransportStats();
  const tracker = new SyncTracker(docName, text, stats);
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
      socket.destroy();
      doc.destroy();
    },
  };
}

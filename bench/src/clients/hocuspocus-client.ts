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
  const tracker = new SyncTracker(docName, text);
  let isDestroyed = false;
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
    name: docName,
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

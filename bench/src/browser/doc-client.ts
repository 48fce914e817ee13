import { WebsocketProvider } from 'y-websocket';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { sleep, waitFor } from '../wait';

export interface DocClient {
  name: string;
  doc: Y.Doc;
  provider: WebsocketProvider;
  synced: Promise<void>;
  destroy(): void;
}

/** A stock y-websocket client in this process (BroadcastChannel off: it would bypass the server). */
export function connectDoc(syncUrl: string, name: string, token: string): DocClient {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(syncUrl, name, doc, {
    params: { token },
    disableBc: true,
    // y-websocket types its polyfill as the DOM WebSocket; `ws` implements the parts it uses.
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
  });
  const synced = new Promise<void>((resolve) => {
    const onSync = (isSynced: boolean) => {
      if (!isSynced) return;
      provider.off('sync', onSync);
      resolve();
    };
    provider.on('sync', onSync);
  });
  return {
    name,
    doc,
    provider,
    synced,
    destroy: () => {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Resolves once a fresh connection reads back everything `client` wrote. */
export async function whenServerHas(syncUrl: string, client: DocClient, token: string): Promise<void> {
  const expected = Y.decodeStateVector(Y.encodeStateVector(client.doc));
  await waitFor(
    () => {
      const ws = client.provider.ws;
      return ws !== null && ws.bufferedAmount === 0;
    },
    { timeoutMs: 10_000, description: `${client.name}: updates still buffered` },
  );
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const probe = connectDoc(syncUrl, client.name, token);
    await probe.synced;
    const got = Y.decodeStateVector(Y.encodeStateVector(probe.doc));
    const hasAll = [...expected].every(([clientId, clock]) => (got.get(clientId) ?? 0) >= clock);
    probe.destroy();
    if (hasAll) return;
    await sleep(100);
  }
  throw new Error(`${client.name}: the server never had every update`);
}

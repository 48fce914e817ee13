// Child of connection-memory.ts: opens one stock provider per URL from stdin's JSON, reports "synced".
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const { syncUrl, entries } = JSON.parse(Buffer.concat(chunks).toString()) as {
  syncUrl: string;
  entries: { name: string; token: string }[];
};
const providers: WebsocketProvider[] = [];
for (const [i, { name, token }] of entries.entries()) {
  const provider = new WebsocketProvider(syncUrl, name, new Y.Doc(), {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { token },
  });
  provider.awareness.setLocalStateField('user', { name: `reader-${i}`, color: '#aa3300' });
  providers.push(provider);
  if (i % 50 === 49) await new Promise((resolve) => setTimeout(resolve, 20));
}
while (!providers.every((p) => p.synced)) await new Promise((resolve) => setTimeout(resolve, 50));
process.stdout.write('synced\n');
await new Promise(() => undefined);

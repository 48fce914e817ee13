// Child process of stock-clients.ts: one stock y-websocket provider per entry from stdin (those
// marked `types` write a little once synced); prints "synced" when all are, then stays open.
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import type { StockClientEntry } from './stock-clients';

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const { syncUrl, entries } = JSON.parse(Buffer.concat(chunks).toString()) as {
  syncUrl: string;
  entries: StockClientEntry[];
};
const sentence = 'the chapter opens with rain and a letter nobody answered quietly. ';
const providers: WebsocketProvider[] = [];
for (const [i, { name, token, types }] of entries.entries()) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(syncUrl, name, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { token },
  });
  provider.awareness.setLocalStateField('user', { name: `reader-${i}`, color: '#aa3300' });
  if (types)
    provider.once('sync', () => {
      for (let k = 0; k < 20; k++) doc.getText('chapter').insert(0, sentence);
    });
  providers.push(provider);
  // Waves, so the server is not measured mid-storm.
  if (i % 100 === 99) await new Promise((resolve) => setTimeout(resolve, 150));
}
while (!providers.every((p) => p.synced)) await new Promise((resolve) => setTimeout(resolve, 50));
await new Promise((resolve) => setTimeout(resolve, 1000));
process.stdout.write('synced\n');
await new Promise(() => undefined);

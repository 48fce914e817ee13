// Child of memory-release.ts: opens a stock provider per entry (the first of each chapter types a little), reports "synced".
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const { syncUrl, entries } = JSON.parse(Buffer.concat(chunks).toString()) as {
  syncUrl: string;
  entries: { name: string; token: string; seed: boolean }[];
};
const providers: WebsocketProvider[] = [];
for (const [i, { name, token, seed }] of entries.entries()) {
  const doc = new Y.Doc();
  const provider = new WebsocketProvider(syncUrl, name, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { token },
  });
  if (seed)
    provider.once('sync', () => {
      for (let k = 0; k < 20; k++)
        doc
          .getText('chapter')
          .insert(0, 'the chapter opens with rain and a letter nobody answered quietly. '.slice(0, 100));
    });
  providers.push(provider);
  if (i % 100 === 99) await new Promise((resolve) => setTimeout(resolve, 150));
}
while (!providers.every((p) => p.synced)) await new Promise((resolve) => setTimeout(resolve, 50));
await new Promise((resolve) => setTimeout(resolve, 2000));
process.stdout.write('synced\n');
await new Promise(() => undefined);

import WebSocket from 'ws';
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { MessageType, decodeMessage, encodeSyncStep1, encodeUpdate } from '@wethink/shared';
import { startTestServer, uniqueDocName, type TestServer } from '../start-test-server';

let server: TestServer | null = null;
afterEach(async () => {
  await server?.stop();
  server = null;
});

/** A raw client that compresses every frame it sends, as browsers do. */
async function compressingClient(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url, { perMessageDeflate: { threshold: 0 } });
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  expect(ws.extensions).toContain('permessage-deflate');
  return ws;
}

async function contextsHeld(target: TestServer): Promise<number> {
  const body = await (await fetch(`${target.url}/metrics`)).text();
  return Number(/^wethink_compression_contexts (\d+)$/m.exec(body)?.[1]);
}

async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('permessage-deflate state per connection', () => {
  it('frees the inflate stream of a large compressed frame at once, of small ones at the heartbeat', async () => {
    server = await startTestServer({ HEARTBEAT_MS: '1000' });
    const name = uniqueDocName();
    const writer = await compressingClient(await server.urlFor(name));
    const idler = await compressingClient(await server.urlFor(name));
    const doc = new Y.Doc();
    doc.on('update', (update: Uint8Array) => writer.send(encodeUpdate(update)));
    doc.getText('t').insert(0, 'a paragraph of some length. '.repeat(200));
    idler.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    // The large frame's stream goes within a turn or two; the idler's small one is still held.
    await eventually(async () => (await contextsHeld(server!)) === 1, 500);
    // The heartbeat frees the small frame's stream, and the connection still works afterwards.
    await eventually(async () => (await contextsHeld(server!)) === 0, 3000);
    const reply = new Promise<Buffer>((resolve) => idler.once('message', resolve));
    idler.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    expect((await reply).byteLength).toBeGreaterThan(5000);
    writer.close();
    idler.close();
  });

  it('keeps the stream of a compressed message whose fragments straddle a heartbeat', async () => {
    server = await startTestServer({ HEARTBEAT_MS: '1000' });
    const name = uniqueDocName();
    const writer = await compressingClient(await server.urlFor(name));
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'fragmented, compressed and slow. '.repeat(100));
    const frame = encodeUpdate(Y.encodeStateAsUpdate(doc));
    const half = Math.floor(frame.length / 2);
    writer.send(frame.subarray(0, half), { fin: false, compress: true });
    await new Promise((resolve) => setTimeout(resolve, 2500));
    writer.send(frame.subarray(half), { fin: true, compress: true });
    // The reader may join before the server has inflated the second half (zlib runs off the
    // event loop): the text then reaches it as a relayed update instead of in sync step 2.
    const reader = await compressingClient(await server.urlFor(name));
    const received = new Y.Doc();
    const hasText = new Promise<void>((resolve) =>
      reader.on('message', (data: Buffer) => {
        const message = decodeMessage(new Uint8Array(data));
        if (message.type === MessageType.sync && 'update' in message) Y.applyUpdate(received, message.update);
        if (received.getText('t').toString() === doc.getText('t').toString()) resolve();
      }),
    );
    reader.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    // A stream freed between the fragments makes the server close the writer: fail on that at once.
    let onWriterClose = (_code: number): void => {};
    const writerClosed = new Promise<never>((_resolve, reject) => {
      onWriterClose = (code) => reject(new Error(`the server closed the writer with ${code}`));
      writer.once('close', onWriterClose);
    });
    await Promise.race([hasText, writerClosed]);
    writer.off('close', onWriterClose);
    expect(writer.readyState).toBe(WebSocket.OPEN);
    writer.close();
    reader.close();
  });
});

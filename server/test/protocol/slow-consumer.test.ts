import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import type { DocName } from '@wethink/shared';
import { connectProvider, untilSynced, waitFor } from '../clients';
import { startTestServer, uniqueDocName, type TestServer } from '../start-test-server';

const BUDGET_BYTES = 1024 * 1024;
let server: TestServer;
const providers: WebsocketProvider[] = [];
const sockets: net.Socket[] = [];

afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  for (const socket of sockets.splice(0)) socket.destroy();
  await server?.stop();
});

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split('\n').find((row) => row.startsWith(name));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

/** A WebSocket client that completes the handshake and then never reads another byte. */
async function stalledClient(url: string): Promise<net.Socket> {
  const { hostname, port, pathname, search } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  sockets.push(socket);
  socket.on('error', () => {});
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  socket.write(
    `GET ${pathname}${search} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nUpgrade: websocket\r\n` +
      'Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  await new Promise<void>((resolve) =>
    socket.once('data', (chunk: Buffer) => {
      expect(chunk.toString('latin1')).toMatch(/^HTTP\/1.1 101/);
      resolve();
    }),
  );
  socket.pause();
  return socket;
}

describe('a client that stops reading (issue 16)', () => {
  it('is dropped at once past the budget, and the server stops holding its backlog', async () => {
    server = await startTestServer({ MAX_BUFFERED_BYTES: String(BUDGET_BYTES) });
    const name = uniqueDocName() as DocName;
    const writer = connectProvider(server, name, undefined, { user: 'writer' });
    providers.push(writer);
    await untilSynced(writer);
    await stalledClient(await server.urlFor(name, { user: 'stalled' }));
    await waitFor(() => (server.registry.peek(name)?.peers.size ?? 0) === 2, 'the stalled client to join');

    const chunk = 'x'.repeat(200 * 1024);
    let peakBuffered = 0;
    // Far more than the kernel buffers on both ends of a loopback connection can take.
    // Each chunk is stored and relayed before the next is typed, so every relay is one chunk: a
    // slower store (PostgreSQL on a busy machine) would otherwise merge several into one frame,
    // and one frame past the budget is allowed whatever its size.
    for (let i = 0; i < 200 && (server.registry.peek(name)?.peers.size ?? 0) === 2; i++) {
      writer.doc.getText('t').insert(0, chunk);
      const length = writer.doc.getText('t').length;
      await waitFor(
        () =>
          (server.registry.peek(name)?.peers.size ?? 0) < 2 ||
          server.registry.peek(name)?.doc.getText('t').length === length,
        'the chunk to be stored',
      );
      peakBuffered = Math.max(peakBuffered, await metric('wethink_send_buffered_bytes'));
    }
    await waitFor(
      () => (server.registry.peek(name)?.peers.size ?? 0) === 1,
      'the stalled client to be evicted',
    );
    // Dropped, not closed politely behind its backlog: the connection is gone at once.
    await expect.poll(() => metric('wethink_connections'), { timeout: 3000 }).toBe(1);
    expect(await metric('wethink_connection_closes_total{code="4408"}')).toBe(1);
    expect(await metric('wethink_send_buffered_bytes')).toBeLessThan(64 * 1024);
    // The budget plus the frame that went past it, never the whole stream.
    expect(peakBuffered).toBeLessThanOrEqual(BUDGET_BYTES + 2 * (chunk.length + 1024));
    // The writer was never disturbed.
    writer.doc.getText('t').insert(0, 'still here');
    await waitFor(
      () => server.registry.peek(name)?.doc.getText('t').toString().startsWith('still here') ?? false,
      'the writer to still sync',
    );
  });
});

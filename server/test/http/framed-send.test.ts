import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { COMPRESSION_THRESHOLD_BYTES, perMessageDeflate } from '../../src/http/compression-contexts';
import { sendFrame } from '../../src/http/framed-send';

/**
 * `sendFrame` writes small frames to the TCP socket itself; ws compresses large ones
 * asynchronously. Whatever the mix, a client must receive exactly the payloads sent, in order,
 * with or without permessage-deflate, and a payload shared by several sockets reaches each intact.
 */
let server: WebSocketServer;
let port: number;
const accepted: WebSocket[] = [];

beforeAll(async () => {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate });
  server.on('connection', (socket) => accepted.push(socket));
  await new Promise<void>((resolve) => server.once('listening', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  for (const socket of accepted) socket.terminate();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Opens a client and returns it with the server's side of the connection. */
async function connect(
  deflate: boolean | { serverMaxWindowBits: number },
): Promise<{ client: WebSocket; serverSide: WebSocket }> {
  const before = accepted.length;
  const client = new WebSocket(`ws://127.0.0.1:${port}`, { perMessageDeflate: deflate });
  await new Promise<void>((resolve, reject) => {
    client.once('open', () => resolve());
    client.once('error', reject);
  });
  while (accepted.length === before) await new Promise((resolve) => setImmediate(resolve));
  return { client, serverSide: accepted[accepted.length - 1]! };
}

function receive(client: WebSocket, count: number): Promise<Buffer[]> {
  const received: Buffer[] = [];
  return new Promise((resolve) => {
    client.on('message', (data) => {
      received.push(data as Buffer);
      if (received.length === count) resolve(received);
    });
  });
}

/** A large payload that compresses (text-like), so ws really deflates it. */
const largePayload = (size: number): Uint8Array => new Uint8Array(Buffer.alloc(size, 'chapter text '));

describe('sendFrame', () => {
  it.each([true, false])(
    'keeps order across compressed and direct frames (deflate offered: %s)',
    async (deflate) => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.oneof(
              fc.integer({ min: 0, max: 300 }).map((size) => new Uint8Array(randomBytes(size))),
              fc
                .integer({ min: COMPRESSION_THRESHOLD_BYTES, max: 3 * COMPRESSION_THRESHOLD_BYTES })
                .map(largePayload),
            ),
            { minLength: 1, maxLength: 12 },
          ),
          async (payloads) => {
            const { client, serverSide } = await connect(deflate);
            const received = receive(client, payloads.length);
            for (const payload of payloads) sendFrame(serverSide, payload);
            const got = await received;
            client.close();
            expect(got.map((data) => Buffer.from(data).toString('hex'))).toEqual(
              payloads.map((payload) => Buffer.from(payload).toString('hex')),
            );
          },
        ),
        { numRuns: 25 },
      );
    },
  );

  it('sends one payload object to many sockets intact (the frame is built once)', async () => {
    const connections = await Promise.all([connect(true), connect(false), connect(true)]);
    const payload = new Uint8Array(randomBytes(200));
    const received = connections.map(({ client }) => receive(client, 2));
    for (const { serverSide } of connections) {
      sendFrame(serverSide, payload);
      sendFrame(serverSide, payload.subarray(10, 20));
    }
    for (const got of await Promise.all(received)) {
      expect(Buffer.from(got[0]!).equals(Buffer.from(payload))).toBe(true);
      expect(Buffer.from(got[1]!).equals(Buffer.from(payload.subarray(10, 20)))).toBe(true);
    }
    for (const { client } of connections) client.close();
  });

  it('deflates a payload sent repeatedly once, and every client (any window size) inflates it intact', async () => {
    // A random block repeated 3 KiB apart: a 15-bit window reaches back to it, a 10-bit one must not.
    const block = randomBytes(3 * 1024);
    const payload = new Uint8Array(Buffer.concat([block, block, block, block, block, block, block]));
    const wide = await connect(true);
    const narrow = await connect({ serverMaxWindowBits: 10 });
    const plain = await connect(false);
    const all = [wide, narrow, plain];
    const wireBytesIn = ({ client }: { client: WebSocket }) =>
      (client as unknown as { _socket: { bytesRead: number } })._socket.bytesRead;
    for (let round = 0; round < 4; round += 1) {
      const before = all.map(wireBytesIn);
      const received = all.map(({ client }) => receive(client, 2));
      for (const { serverSide } of all) {
        sendFrame(serverSide, payload);
        sendFrame(serverSide, new Uint8Array([round]));
      }
      const got = await Promise.all(received);
      for (const [first, second] of got) {
        expect(Buffer.from(first!).equals(Buffer.from(payload))).toBe(true);
        expect([...second!]).toEqual([round]);
      }
      for (const { client } of all) client.removeAllListeners('message');
      const read = all.map((connection, i) => wireBytesIn(connection) - before[i]!);
      expect(read[0]).toBeLessThan(payload.length / 2); // the repeats compress in a 15-bit window
      expect(read[2]).toBeGreaterThan(payload.length);
      // Let the thread pool finish the shared compressions before the next round uses them.
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    for (const { client } of all) client.close();
  });

  it('does nothing harmful on a socket that is closing', async () => {
    const { client, serverSide } = await connect(false);
    serverSide.close(1000, 'bye');
    expect(() => sendFrame(serverSide, new Uint8Array([1, 2, 3]))).not.toThrow();
    await new Promise((resolve) => client.once('close', resolve));
  });
});

import net from 'node:net';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, uniqueDocName, type TestServer } from '../start-test-server';

type WriteFn = (this: net.Socket, ...args: unknown[]) => unknown;
const proto = net.Socket.prototype as unknown as { _write: WriteFn; _writev: WriteFn };
const originals = { _write: proto._write, _writev: proto._writev };

let server: TestServer | null = null;
afterEach(async () => {
  proto._write = originals._write;
  proto._writev = originals._writev;
  await server?.stop();
  server = null;
});

/** Records each write a socket of the server at `port` hands to the kernel, in order. */
function recordServerWrites(port: number): Map<net.Socket, string[]> {
  const writes = new Map<net.Socket, string[]>();
  const record = (socket: net.Socket, kind: string) => {
    if (socket.localPort !== port) return;
    writes.set(socket, [...(writes.get(socket) ?? []), kind]);
  };
  proto._write = function (...args) {
    record(this, 'write');
    return originals._write.apply(this, args);
  };
  proto._writev = function (...args) {
    record(this, `writev of ${(args[0] as unknown[]).length}`);
    return originals._writev.apply(this, args);
  };
  return writes;
}

describe('the upgrade response', () => {
  it('leaves in one write with the sync step 1 that follows it', async () => {
    server = await startTestServer();
    const writes = recordServerWrites(server.port);
    const ws = new WebSocket(await server.urlFor(uniqueDocName()));
    await new Promise((resolve, reject) => ws.once('message', resolve).once('error', reject));
    const [first] = [...writes.values()];
    // One writev: the 101 headers, then the step 1 frame (built as one buffer). Uncorked, the 101
    // went alone and the frame in a second write.
    expect(first?.[0]).toBe('writev of 2');
    ws.close();
  });
});

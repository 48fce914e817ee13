import net from 'node:net';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { MessageType, SyncStep, encodeAwareness, encodeAwarenessUpdate, encodeUpdate } from '@wethink/shared';
import { RawClient } from '../clients';
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

describe('a relay to a stock client', () => {
  it('sends a turn’s update and awareness in one write', async () => {
    server = await startTestServer();
    const name = uniqueDocName();
    const watcher = await RawClient.open(await server.urlFor(name));
    const author = await RawClient.open(await server.urlFor(name));
    await author.nextMessage((m) => m.type === MessageType.sync && m.step === SyncStep.step1);
    await watcher.nextMessage((m) => m.type === MessageType.sync && m.step === SyncStep.step1);
    const writes = recordServerWrites(server.port);
    const doc = new Y.Doc();
    let update: Uint8Array | null = null;
    doc.on('update', (u: Uint8Array) => (update = u));
    doc.getText('t').insert(0, 'k');
    const state = JSON.stringify({ step: 1 });
    // A stock client's keystroke and cursor move: two messages, sent back to back.
    author.send(encodeUpdate(update!));
    author.send(encodeAwareness(encodeAwarenessUpdate([{ clientId: doc.clientID, clock: 1, state }])));
    await watcher.nextMessage((m) => m.type === MessageType.awareness);
    const toWatcher = [...writes.entries()].filter(([, kinds]) => kinds.length > 0);
    // The watcher's socket: one writev of both frames (uncorked: two writes).
    expect(toWatcher.some(([, kinds]) => kinds.includes('writev of 2'))).toBe(true);
    watcher.close();
    author.close();
  });
});

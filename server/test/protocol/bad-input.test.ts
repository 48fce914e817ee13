import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import {
  CloseCode,
  MessageType,
  SyncStep,
  decodeAwarenessUpdate,
  encodeAwareness,
  encodeAwarenessUpdate,
  encodeSyncStep1,
  encodeUpdate,
  type DocName,
} from '@wethink/shared';
import { RawClient, connectProvider, untilSynced, waitFor } from '../clients';
import { startTestServer, uniqueDocName, type TestServer } from '../start-test-server';

let server: TestServer;
const providers: WebsocketProvider[] = [];
const raws: RawClient[] = [];

afterEach(async () => {
  for (const provider of providers.splice(0)) provider.destroy();
  for (const raw of raws.splice(0)) raw.socket.terminate();
  await server?.stop();
});

/** A server, one honest author already editing `name`, and helpers to attack the same document. */
async function setup(env: Record<string, string> = {}) {
  server = await startTestServer(env);
  const name = uniqueDocName() as DocName;
  const author = connectProvider(server, name, undefined, { user: 'Ada' });
  providers.push(author);
  await untilSynced(author);
  author.doc.getText('t').insert(0, 'honest text');
  const room = () => server.registry.peek(name)!;
  await waitFor(
    () => room()?.doc.getText('t').toString() === 'honest text',
    'server to have the honest text',
  );
  const stored = async () => {
    const doc = new Y.Doc();
    const { state, updates } = await server.store.load(name);
    if (state) Y.applyUpdate(doc, state);
    for (const update of updates) Y.applyUpdate(doc, update);
    return doc.getText('t').toString();
  };
  const attacker = async () => {
    const raw = await RawClient.open(await server.urlFor(name));
    raws.push(raw);
    await raw.nextMessage((m) => m.type === MessageType.sync && m.step === SyncStep.step1);
    return raw;
  };
  /** The document and the other client are untouched: the author still syncs both ways. */
  const expectOthersUnharmed = async () => {
    author.doc.getText('t').insert(0, '+');
    await waitFor(
      () => room().doc.getText('t').toString() === author.doc.getText('t').toString(),
      'author to still sync',
    );
    const late = connectProvider(server, name);
    providers.push(late);
    await untilSynced(late);
    expect(late.doc.getText('t').toString()).toBe(author.doc.getText('t').toString());
    expect(await stored()).toBe(author.doc.getText('t').toString());
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
  };
  return { name, author, room, stored, attacker, expectOthersUnharmed };
}

/** An update written by a doc that first received `base`, as client `clientId`. */
function updateAs(clientId: number, base: Y.Doc, edit: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(base));
  // Set after applying: Yjs re-rolls a client id it sees in a remote update.
  doc.clientID = clientId;
  const before = Y.encodeStateVector(doc);
  edit(doc);
  return Y.encodeStateAsUpdate(doc, before);
}

describe('malformed messages close the sender with 4400', () => {
  const cases: [string, Uint8Array | string][] = [
    ['bytes that are not a message', Uint8Array.of(0xff, 0xff, 0xff)],
    ['a truncated varint', Uint8Array.of(0x80)],
    ['an unknown message type', Uint8Array.of(42)],
    ['an unknown sync step', Uint8Array.of(0, 9, 0)],
    ['a sync message whose length overruns the frame', Uint8Array.of(0, 2, 0xff, 0x7f, 1, 2)],
    ['trailing bytes after a message', Uint8Array.of(3, 0, 0)],
    ['a server-only message', Uint8Array.of(101, 1, 2)],
    ['a text frame', 'hello'],
  ];
  for (const [what, frame] of cases) {
    it(`closes with 4400 on ${what}`, async () => {
      const t = await setup();
      const raw = await t.attacker();
      raw.send(frame);
      expect((await raw.untilClosed()).code).toBe(CloseCode.malformedMessage);
      await t.expectOthersUnharmed();
    });
  }

  it('closes with 4400 on an update that does not decode, and stores nothing', async () => {
    const t = await setup();
    const raw = await t.attacker();
    raw.send(encodeUpdate(Uint8Array.of(1, 5, 0xff, 0xff, 0xff)));
    expect((await raw.untilClosed()).code).toBe(CloseCode.malformedMessage);
    await t.expectOthersUnharmed();
  });

  it('closes with 4400 on an absurd struct length', async () => {
    const t = await setup();
    const raw = await t.attacker();
    // One GC struct of client 7 at clock 0 with length 2^40: decodes, but no real client gets there.
    const bytes = Uint8Array.of(1, 1, 7, 0, 0, ...varUint(2 ** 40), 0);
    raw.send(encodeUpdate(bytes));
    expect((await raw.untilClosed()).code).toBe(CloseCode.malformedMessage);
    await t.expectOthersUnharmed();
  });
});

describe('hostile updates are refused before they touch the document', () => {
  it('closes with 4403 when an update carries structs under a client id another connection owns', async () => {
    const t = await setup();
    const raw = await t.attacker();
    const victim = t.author.doc.clientID;
    raw.send(encodeUpdate(updateAs(victim, t.author.doc, (doc) => doc.getText('t').insert(0, 'FORGED '))));
    expect((await raw.untilClosed()).code).toBe(CloseCode.forbidden);
    expect(t.room().doc.getText('t').toString()).not.toContain('FORGED');
    await t.expectOthersUnharmed();
    expect(t.author.doc.getText('t').toString()).not.toContain('FORGED');
  });

  it("closes with 4403 on a delete set reaching past another author's clock (future delete)", async () => {
    const t = await setup();
    const raw = await t.attacker();
    const victim = t.author.doc.clientID;
    const next = Y.getState(t.author.doc.store, victim);
    // An honest update of the attacker's own with a delete set naming the victim's next 100 clocks.
    const attack = Y.mergeUpdates([
      updateAs(999_001, t.author.doc, (doc) => doc.getText('t').insert(0, 'x')),
      encodeDeleteOnly(victim, next, 100),
    ]);
    raw.send(encodeUpdate(attack));
    expect((await raw.untilClosed()).code).toBe(CloseCode.forbidden);
    t.author.doc.getText('t').insert(0, 'after attack ');
    await waitFor(
      () => t.room().doc.getText('t').toString().startsWith('after attack '),
      'victim edit to survive',
    );
    await t.expectOthersUnharmed();
  });

  it('lands a delayed delete of text the server already has', async () => {
    const t = await setup();
    const raw = await t.attacker();
    // Deleting another author's existing text is ordinary editing, however late it arrives.
    const del = updateAs(999_002, t.author.doc, (doc) => doc.getText('t').delete(0, 6));
    raw.send(encodeUpdate(del));
    await waitFor(() => t.room().doc.getText('t').toString() === ' text', 'delete to land');
    expect(raw.closed).toBeNull();
  });

  it('closes with 4409 on structs that start past what the server has (clock gap)', async () => {
    const t = await setup();
    const raw = await t.attacker();
    const doc = new Y.Doc();
    doc.clientID = 999_003;
    doc.getText('t').insert(0, 'first');
    const sv = Y.encodeStateVector(doc);
    doc.getText('t').insert(0, 'second');
    raw.send(encodeUpdate(Y.encodeStateAsUpdate(doc, sv)));
    expect((await raw.untilClosed()).code).toBe(CloseCode.stateConflict);
    await t.expectOthersUnharmed();
  });
});

describe('size limits', () => {
  it('closes with 1009 on a message over MAX_MESSAGE_BYTES and stores nothing', async () => {
    const t = await setup({ MAX_MESSAGE_BYTES: String(64 * 1024) });
    const raw = await t.attacker();
    const big = updateAs(999_004, t.author.doc, (doc) => doc.getText('t').insert(0, 'z'.repeat(100_000)));
    raw.send(encodeUpdate(big));
    expect((await raw.untilClosed()).code).toBe(CloseCode.messageTooBig);
    expect(await t.stored()).not.toContain('zzz');
    await t.expectOthersUnharmed();
  });

  it('evicts a client that stops reading once its send buffer passes the budget', async () => {
    const t = await setup({ MAX_BUFFERED_BYTES: String(64 * 1024) });
    const slow = await t.attacker();
    const underlying = (slow.socket as unknown as { _socket: net.Socket })._socket;
    underlying.pause();
    const peersBefore = t.room().peers.size;
    for (let i = 0; i < 400 && t.room().peers.size === peersBefore; i++) {
      t.author.doc.getText('t').insert(0, randomText(50_000)); // incompressible: the server deflates
      await new Promise((resolve) => setImmediate(resolve));
    }
    const sent = t.author.doc.getText('t').length;
    await waitFor(
      () => t.room().peers.size === peersBefore - 1,
      `slow peer to be evicted (${sent} chars sent)`,
      10_000,
    );
    underlying.resume();
    // Dropped without a close frame (it would queue behind the backlog): the client sees 1006.
    expect((await slow.untilClosed(10_000)).code).toBe(1006);
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toContain(`wethink_connection_closes_total{code="${CloseCode.timeout}"} 1`);
    await t.expectOthersUnharmed();
  });
});

describe('awareness abuse', () => {
  const state = (n: number) => JSON.stringify({ user: { name: `n${n}` } });

  it('closes with 4403 when one connection announces too many awareness ids', async () => {
    const t = await setup();
    const raw = await t.attacker();
    const entries = Array.from({ length: 10 }, (_, i) => ({ clientId: 5000 + i, clock: 1, state: state(i) }));
    raw.send(encodeAwareness(encodeAwarenessUpdate(entries)));
    expect((await raw.untilClosed()).code).toBe(CloseCode.forbidden);
    await t.expectOthersUnharmed();
  });

  it.each([
    ['a string', 'x'],
    ['an empty position', { anchor: {}, head: {} }],
    [
      'ids that are not numbers',
      { anchor: { type: { client: 'a', clock: 'b' } }, head: { tname: 'chapter' } },
    ],
  ])(
    'closes with 4400 on a cursor other editors could not draw (%s), relaying nothing',
    async (_what, cursor) => {
      const t = await setup();
      const watcher = await t.attacker();
      const raw = await t.attacker();
      const bad = JSON.stringify({ cursor });
      raw.send(encodeAwareness(encodeAwarenessUpdate([{ clientId: 6100, clock: 1, state: bad }])));
      expect((await raw.untilClosed()).code).toBe(CloseCode.malformedMessage);
      await t.expectOthersUnharmed();
      const relayedIds = watcher.messages.flatMap((m) =>
        m.type === MessageType.awareness
          ? decodeAwarenessUpdate(m.update).map((entry) => entry.clientId)
          : [],
      );
      expect(relayedIds).not.toContain(6100);
    },
  );

  it('closes with 4429 on an awareness flood', async () => {
    const t = await setup({ AWARENESS_MESSAGES_PER_SEC: '50' });
    const raw = await t.attacker();
    for (let clock = 1; clock <= 500 && !raw.closed; clock++) {
      raw.send(encodeAwareness(encodeAwarenessUpdate([{ clientId: 7000, clock, state: state(clock) }])));
    }
    expect((await raw.untilClosed()).code).toBe(CloseCode.rateLimited);
    await t.expectOthersUnharmed();
  });

  it("ignores an entry that claims another connection's awareness id", async () => {
    const t = await setup();
    t.author.awareness.setLocalStateField('user', { name: 'Ada' });
    const id = t.author.doc.clientID;
    await waitFor(() => t.room() !== undefined, 'room');
    const watcher = await t.attacker();
    await watcher.nextMessage((m) => m.type === MessageType.awareness);
    const spoofer = await t.attacker();
    spoofer.send(
      encodeAwareness(
        encodeAwarenessUpdate([
          { clientId: id, clock: 10_000, state: JSON.stringify({ user: { name: 'Mallory' } }) },
        ]),
      ),
    );
    spoofer.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    await spoofer.nextMessage((m) => m.type === MessageType.sync && m.step === SyncStep.step2);
    const late = connectProvider(server, t.name);
    providers.push(late);
    await untilSynced(late);
    await waitFor(() => late.awareness.getStates().has(id), 'late joiner to see the author');
    expect(JSON.stringify(late.awareness.getStates().get(id))).toContain('Ada');
  });
});

describe('the upgrade', () => {
  for (const bad of [
    '/sync/../etc/passwd',
    '/sync/a%2Fb',
    '/sync/' + 'x'.repeat(300),
    '/sync/a/b/c/d/e',
    '/sync/',
  ]) {
    it(`refuses ${bad.slice(0, 30)} with HTTP 400 before any room exists`, async () => {
      server = await startTestServer();
      const before = server.registry.roomCount;
      expect(await upgradeStatus(server.port, bad)).toBe(400);
      expect(server.registry.roomCount).toBe(before);
    });
  }

  it('survives invalid WebSocket frames (bad opcode, RSV bits, oversize control frame)', async () => {
    const t = await setup();
    for (const frame of [
      Buffer.from([0x83, 0x80, 0, 0, 0, 0]), // reserved opcode 3, masked, empty
      Buffer.from([0xc2, 0x80, 0, 0, 0, 0]), // RSV1 without negotiated compression
      Buffer.concat([Buffer.from([0x89, 0xfe, 0x00, 0xc8, 0, 0, 0, 0]), Buffer.alloc(200)]), // 200-byte ping
      Buffer.from([0x82, 0x05, 1, 2, 3, 4, 5]), // unmasked client frame
    ]) {
      const code = await sendRawFrame(
        server.port,
        `/sync/${t.name}?token=${await server.tokenFor(t.name)}`,
        frame,
      );
      expect([1002, 1006]).toContain(code);
    }
    await t.expectOthersUnharmed();
  });
});

const handshake = (path: string) =>
  `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
  `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`;

/** Sends an upgrade request for `path` exactly as written (no URL normalisation); returns the HTTP status. */
function upgradeStatus(port: number, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let head = '';
    socket.on('data', (chunk) => {
      head += chunk.toString('latin1');
      const match = /^HTTP\/1\.1 (\d{3})/.exec(head);
      if (match) {
        resolve(Number(match[1]));
        socket.destroy();
      }
    });
    socket.on('error', reject);
    socket.write(handshake(path));
  });
}

/** Performs a WebSocket handshake by hand, writes one raw frame, returns the close code received (1006 if none). */
function sendRawFrame(port: number, path: string, frame: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let buffer = Buffer.alloc(0);
    let upgraded = false;
    const timer = setTimeout(() => reject(new Error('raw frame: no close within 5 s')), 5000);
    socket.on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!upgraded) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        upgraded = true;
        buffer = buffer.subarray(end + 4);
        socket.write(frame);
      }
      // A close frame from the server: opcode 8, unmasked, code in the first two payload bytes.
      if (buffer.length >= 4 && (buffer[0]! & 0x0f) === 8) {
        clearTimeout(timer);
        resolve(buffer.readUInt16BE(2));
        socket.destroy();
      }
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(1006);
    });
    socket.on('error', () => {});
    socket.write(handshake(path));
  });
}

function randomText(length: number): string {
  let text = '';
  while (text.length < length) text += Math.random().toString(36).slice(2);
  return text.slice(0, length);
}

function varUint(n: number): number[] {
  const out: number[] = [];
  while (n > 127) {
    out.push((n % 128) | 128);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
}

/** A Yjs v1 update with no structs and a delete set of one range. */
function encodeDeleteOnly(client: number, clock: number, len: number): Uint8Array {
  return Uint8Array.of(0, 1, ...varUint(client), 1, ...varUint(clock), ...varUint(len));
}

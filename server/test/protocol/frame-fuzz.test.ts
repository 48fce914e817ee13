import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import {
  CloseCode,
  Feature,
  MessageType,
  SyncStep,
  decodeAwarenessUpdate,
  encodeAwareness,
  encodeAwarenessUpdate,
  encodeBatch,
  encodeHello,
  encodeQueryAwareness,
  encodeSaveRequest,
  encodeSyncStep1,
  encodeUpdate,
  type AwarenessEntry,
  type DocName,
  type Message,
} from '@wethink/shared';
import { createCapturingLogger } from '../../src/logger';
import { RawClient, untilSynced, waitFor } from '../clients';
import { startTestServer, uniqueDocName, type TestServer } from '../start-test-server';

const FRAME_COUNT = Number(process.env.FUZZ_FRAMES ?? 3000);
// The seed picks mutations; the corpus itself is captured live (random Yjs client ids, real timing),
// so a seed narrows a failure down rather than replaying it byte for byte.
const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const CONNECTIONS = 6;
const MAX_MESSAGE_BYTES = 64 * 1024;
/** Close codes a fuzzing connection may see: ours, plus what `ws` itself uses for broken frames. */
const documentedCloseCodes = new Set<number>([...Object.values(CloseCode), 1002, 1006, 1007, 1009]);

/** mulberry32: small, seedable, good enough to pick mutations. */
function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const int = (below: number): number => Math.floor(next() * below);
  const bytes = (length: number): Uint8Array => Uint8Array.from({ length }, () => int(256));
  return { next, int, bytes, pick: <T>(items: readonly T[]): T => items[int(items.length)]! };
}
type Random = ReturnType<typeof createRandom>;

/** Frames an honest provider sends or receives, recorded byte for byte. */
const captured: Uint8Array[] = [];
let isCapturing = false;
/** Exceptions thrown while an honest provider handled a frame from the server. */
const honestErrors: unknown[] = [];

/** The `ws` client, recording the frames an honest provider sends while `isCapturing`. */
class RecordingWebSocket extends WebSocket {
  override send(data: unknown, ...rest: unknown[]): void {
    if (isCapturing && data instanceof Uint8Array) captured.push(Uint8Array.from(data));
    (super.send as (...args: unknown[]) => void)(data, ...rest);
  }
}

// `onmessage` is an accessor on ws's prototype (typed as a plain property, so it is wrapped here
// rather than overridden): record received frames, and record an exception from the provider's
// handler instead of letting it escape into the event loop.
const inherited = Object.getOwnPropertyDescriptor(WebSocket.prototype, 'onmessage');
if (!inherited?.get || !inherited.set) throw new Error('ws no longer defines onmessage as an accessor');
Object.defineProperty(RecordingWebSocket.prototype, 'onmessage', {
  configurable: true,
  enumerable: true,
  get(this: WebSocket) {
    return inherited.get!.call(this);
  },
  set(this: WebSocket, handler: ((event: WebSocket.MessageEvent) => void) | null) {
    const wrapped = handler
      ? (event: WebSocket.MessageEvent): void => {
          if (isCapturing && event.data instanceof ArrayBuffer)
            captured.push(new Uint8Array(event.data.slice(0)));
          try {
            handler.call(this, event);
          } catch (error) {
            honestErrors.push(error);
          }
        }
      : null;
    inherited.set!.call(this, wrapped);
  },
});

/** A stock provider whose socket records frames and catches exceptions from its handler. */
function honestProvider(server: TestServer, name: string): WebsocketProvider {
  const provider = new WebsocketProvider(server.syncUrl, name, new Y.Doc(), {
    WebSocketPolyfill: RecordingWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 200,
    connect: false,
  });
  void server.tokenFor(name).then((token) => {
    provider.params = { token };
    provider.connect();
  });
  return provider;
}

function mutate(random: Random, frame: Uint8Array): Uint8Array {
  const bytes = [...frame];
  const count = 1 + random.int(4);
  for (let i = 0; i < count; i++) {
    const at = random.int(bytes.length + 1);
    switch (random.int(4)) {
      case 0:
        if (bytes.length > 0) bytes[at % bytes.length]! ^= 1 << random.int(8);
        break;
      case 1:
        bytes.splice(at, 0, random.int(256));
        break;
      case 2:
        bytes.splice(at, 1);
        break;
      default:
        bytes.length = Math.min(bytes.length, at);
    }
  }
  return Uint8Array.from(bytes);
}

interface Frame {
  data: Uint8Array | string;
  isBinary: boolean;
}

/** One hostile frame: mostly mutated real frames, plus garbage, shaped junk, text and oversize. */
function nextFrame(random: Random): Frame {
  const binary = (data: Uint8Array): Frame => ({ data, isBinary: true });
  const roll = random.next();
  if (roll < 0.45) return binary(mutate(random, random.pick(captured)));
  if (roll < 0.55) return binary(random.pick(captured));
  if (roll < 0.67) return binary(random.bytes(random.int(64)));
  if (roll < 0.77) {
    const encode = random.pick([encodeUpdate, encodeSyncStep1, encodeAwareness]);
    return binary(encode(random.bytes(random.int(48))));
  }
  if (roll < 0.85) {
    const state = random.pick(['{"a":1}', 'null', '{}', '[', 'x']);
    return binary(
      encodeAwareness(
        encodeAwarenessUpdate([{ clientId: random.int(2 ** 32), clock: random.int(5), state }]),
      ),
    );
  }
  if (roll < 0.9) return binary(encodeSaveRequest(random.int(1000)));
  if (roll < 0.94)
    return { data: random.pick(['hello', '', '{"type":"sync"}', '\u0000\u0001']), isBinary: false };
  if (roll < 0.97) return { data: Uint8Array.of(0xc3, 0x28, 0xff), isBinary: false }; // text that is not UTF-8
  return binary(random.bytes(MAX_MESSAGE_BYTES + 1 + random.int(1024)));
}

/** The text of `doc` written by `clients` only: a fuzzer's accepted insert may land inside a marker. */
function textBy(doc: Y.Doc, clients: Set<number>): string {
  let out = '';
  for (let item = doc.getText('t')._start; item !== null; item = item.right) {
    if (!item.deleted && clients.has(item.id.client) && item.content instanceof Y.ContentString)
      out += item.content.str;
  }
  return out;
}

/** True when `doc` has every struct `other` has. */
function coversState(doc: Y.Doc, other: Y.Doc): boolean {
  const have = Y.decodeStateVector(Y.encodeStateVector(doc));
  return [...Y.decodeStateVector(Y.encodeStateVector(other))].every(
    ([client, clock]) => (have.get(client) ?? 0) >= clock,
  );
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

let server: TestServer | undefined;
const providers: WebsocketProvider[] = [];
const raws: RawClient[] = [];

afterEach(async () => {
  isCapturing = false;
  for (const provider of providers.splice(0)) provider.destroy();
  for (const raw of raws.splice(0)) raw.socket.terminate();
  await server?.stop();
  server = undefined;
});

describe('the server under a frame fuzzer', () => {
  it('stays up, closes fuzzers only with documented codes, and two honest authors still converge', async () => {
    const failureContext = `FUZZ_SEED=${FUZZ_SEED}`;
    const random = createRandom(FUZZ_SEED);
    const logger = createCapturingLogger();
    server = await startTestServer({ MAX_MESSAGE_BYTES: String(MAX_MESSAGE_BYTES) }, { logger });
    const name = uniqueDocName('fuzz') as DocName;
    const room = () => server!.registry.peek(name);

    // Warm-up: two honest authors edit and show presence while every frame is recorded.
    isCapturing = true;
    const [a, b] = [honestProvider(server, name), honestProvider(server, name)];
    providers.push(a, b);
    const honestCloses: string[] = [];
    for (const provider of [a, b]) {
      provider.on('connection-close', (event) => {
        if (event) honestCloses.push(`${event.code} ${event.reason}`);
      });
    }
    await Promise.all([untilSynced(a), untilSynced(b)]);
    const markers: string[] = [];
    let editCount = 0;
    const honestEdit = (): void => {
      const author = editCount % 2 === 0 ? a : b;
      const marker = `<${editCount % 2 === 0 ? 'a' : 'b'}${editCount}>`;
      const ytext = author.doc.getText('t');
      // At either end only: an insert at a random index could land inside the other author's marker.
      ytext.insert(random.next() < 0.5 ? 0 : ytext.length, marker);
      markers.push(marker);
      editCount += 1;
    };
    for (let i = 0; i < 20; i++) honestEdit();
    a.doc.getMap('m').set('title', 'Fuzzed');
    a.awareness.setLocalStateField('user', { name: 'Ada' });
    b.awareness.setLocalStateField('user', { name: 'Bea' });
    await waitFor(
      () => a.awareness.getStates().has(b.doc.clientID) && b.awareness.getStates().has(a.doc.clientID),
      'both to see each other',
    );
    // Deletes in the corpus come from a scribe with its own client id, not from the honest
    // authors: any peer may delete text the server has, so a mutated copy of an honest author's
    // delete set could legitimately erase their markers and the test could not tell.
    const scribe = await RawClient.open(await server.urlFor(name));
    raws.push(scribe);
    const scribeDoc = new Y.Doc();
    scribeDoc.clientID = 424242;
    Y.applyUpdate(scribeDoc, Y.encodeStateAsUpdate(a.doc));
    const scribeFrames: Uint8Array[] = [];
    scribeDoc.on('update', (update: Uint8Array) => scribeFrames.push(encodeUpdate(update)));
    scribeDoc.getText('t').insert(0, 'scratch');
    scribeDoc.getText('t').delete(0, 7);
    scribeDoc.getMap('m').set('scratch', { deep: [1, 'two'] });
    scribeDoc.getMap('m').delete('scratch');
    for (const frame of scribeFrames) scribe.send(frame);
    captured.push(...scribeFrames);
    await waitFor(
      () => Y.getState(room()!.doc.store, 424242) > 0 && room()!.doc.getMap('m').get('scratch') === undefined,
      'the scribe',
    );
    scribe.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    await scribe.nextMessage((m) => m.type === MessageType.sync && m.step === SyncStep.step2);
    scribe.close();
    isCapturing = false;
    expect(captured.length).toBeGreaterThan(20);
    // wethink's own extensions, which stock providers never send: hello, batches, a nested batch.
    const realFrames = captured.slice();
    captured.push(
      encodeHello(Feature.batch),
      encodeBatch(realFrames.slice(0, 4)),
      encodeBatch(realFrames.slice(-4)),
      encodeBatch([encodeBatch(realFrames.slice(0, 2))]),
    );

    // Fuzz: CONNECTIONS raw sockets throw frames; a closed one is replaced at once.
    let sent = 0;
    const fuzzCloses = new Map<number, number>();
    const worker = async (): Promise<void> => {
      while (sent < FRAME_COUNT) {
        const raw = await RawClient.open(await server!.urlFor(name));
        raws.push(raw);
        // The server's sync step 1 means the room took us in and reads our frames.
        await raw.nextMessage((m) => m.type === MessageType.sync && m.step === SyncStep.step1);
        while (!raw.closed && sent < FRAME_COUNT) {
          const frame = nextFrame(random);
          raw.socket.send(frame.data, { binary: frame.isBinary });
          sent += 1;
          if (sent % 15 === 0) honestEdit();
          await nextTurn();
        }
        if (raw.closed) {
          fuzzCloses.set(raw.closed.code, (fuzzCloses.get(raw.closed.code) ?? 0) + 1);
        } else {
          raw.socket.terminate();
        }
        raws.splice(raws.indexOf(raw), 1);
      }
    };
    await Promise.all(Array.from({ length: CONNECTIONS }, worker));

    const health = await fetch(`${server.url}/healthz`);
    expect(health.status, failureContext).toBe(200);
    const undocumented = [...fuzzCloses.keys()].filter((code) => !documentedCloseCodes.has(code));
    expect(undocumented, `${failureContext}; closes seen: ${JSON.stringify([...fuzzCloses])}`).toEqual([]);
    expect(fuzzCloses.size, 'the fuzzer never got closed: it is not reaching the server').toBeGreaterThan(0);
    const internalErrors = logger.records.filter((record) => record.level === 'error');
    expect(internalErrors, failureContext).toEqual([]);
    expect(honestCloses, failureContext).toEqual([]);

    // The honest authors converge with each other and with the server, with all their edits.
    const honestClients = new Set([a.doc.clientID, b.doc.clientID]);
    await expect
      .poll(
        () => {
          const live = room()?.doc.getText('t').toString();
          const texts = [a, b].map((p) => p.doc.getText('t').toString());
          const hasAll = [a, b].every((p) => room() !== undefined && coversState(room()!.doc, p.doc));
          return hasAll && texts.every((t) => t === live) ? 'converged' : { live, texts, hasAll };
        },
        { timeout: 10_000, interval: 10 },
      )
      .toBe('converged');
    const honestText = textBy(a.doc, honestClients);
    const missing = markers.filter((marker) => !honestText.includes(marker));
    expect(missing, failureContext).toEqual([]);
    expect(a.doc.getMap('m').get('title')).toBe('Fuzzed');

    const stored = await server.store.load(name);
    const restored = new Y.Doc();
    if (stored.state) Y.applyUpdate(restored, stored.state);
    for (const update of stored.updates) Y.applyUpdate(restored, update);
    expect(restored.getText('t').toString(), failureContext).toBe(a.doc.getText('t').toString());
    expect(restored.store.pendingStructs).toBeNull();

    expect(honestErrors, failureContext).toEqual([]);
  }, 60_000);

  // Stock y-websocket clients JSON.parse every awareness state: one that is not JSON would make
  // each of them throw in its message handler (an uncaught exception in Node; in a browser the
  // rest of that coalesced awareness frame is lost). The sender is closed with 4400 instead.
  it('does not relay an awareness state that is not JSON', async () => {
    server = await startTestServer();
    const name = uniqueDocName('fuzz');
    const author = honestProvider(server, name);
    providers.push(author);
    await untilSynced(author);
    const errorsBefore = honestErrors.length;
    const sender = await RawClient.open(await server.urlFor(name));
    raws.push(sender);
    const watcher = await RawClient.open(await server.urlFor(name));
    raws.push(watcher);
    await watcher.nextMessage((m) => m.type === MessageType.sync && m.step === SyncStep.step1);
    sender.send(encodeAwareness(encodeAwarenessUpdate([{ clientId: 99, clock: 1, state: '{not json' }])));
    const relayedToWatcher = (): boolean =>
      watcher.messages.some(
        (m) =>
          m.type === MessageType.awareness &&
          decodeAwarenessUpdate(m.update).some((entry) => entry.clientId === 99),
      );
    // Either the sender is closed (4400), or the state reaches others: wait for one of the two.
    await waitFor(
      () => sender.closed !== null || relayedToWatcher(),
      'the server to act on the awareness frame',
    );
    expect(relayedToWatcher()).toBe(false);
    expect(sender.closed?.code).toBe(CloseCode.malformedMessage);
    expect(honestErrors.slice(errorsBefore)).toEqual([]);
  });
  // Stock y-websocket clients send every awareness change they receive back to the server. When
  // X's state reaches A and X leaves before A's echo arrives, the echo must not count as A
  // introducing X's client id: X's presence would come back as a ghost that lasts as long as A
  // stays, and after maxAwarenessClientsPerPeer (4) such echoes A itself would be closed with 4403
  // (terminal for y-websocket 3). The fuzz test above hit this with stock clients within seconds;
  // here A is a raw client that sends the echo a stock client sends, late, to pin the order.
  it('does not hand a departed client’s awareness id to a peer that echoes it late', async () => {
    server = await startTestServer();
    const name = uniqueDocName('echo');
    const join = async (): Promise<RawClient> => {
      const raw = await RawClient.open(await server!.urlFor(name));
      raws.push(raw);
      await raw.nextMessage((m) => m.type === MessageType.sync && m.step === SyncStep.step1);
      return raw;
    };
    const entryOf = (m: Message, clientId: number): AwarenessEntry | undefined =>
      m.type === MessageType.awareness
        ? decodeAwarenessUpdate(m.update).find((entry) => entry.clientId === clientId)
        : undefined;
    const state = '{"user":{"name":"X"}}';
    const echoer = await join();
    for (let clientId = 1000; clientId < 1005 && !echoer.closed; clientId++) {
      const departing = await join();
      departing.send(encodeAwareness(encodeAwarenessUpdate([{ clientId, clock: 1, state }])));
      // A stock client echoes the entry as it was relayed (the server may have stamped it).
      const isLive = (m: Message): boolean => (entryOf(m, clientId)?.state ?? 'null') !== 'null';
      const relayed = entryOf(await echoer.nextMessage(isLive), clientId)!;
      departing.close();
      await echoer.nextMessage((m) => entryOf(m, clientId)?.state === 'null');
      echoer.send(encodeAwareness(encodeAwarenessUpdate([relayed])));
    }
    // A round trip on the echoer's own connection: every echo before it has been handled.
    const answered = echoer.messages.length;
    echoer.send(encodeQueryAwareness());
    await waitFor(
      () => echoer.closed !== null || echoer.messages.length > answered,
      'the query to be answered',
    );
    expect(echoer.closed).toBeNull();
    const reply = echoer.messages.slice(answered).find((m) => m.type === MessageType.awareness);
    const ghosts =
      reply?.type === MessageType.awareness ? decodeAwarenessUpdate(reply.update).map((e) => e.clientId) : [];
    expect(ghosts).toEqual([]);
  });

  // A reconnecting y-websocket client resends its state with its old clock, while everyone who saw
  // it leave holds the higher clock of its removal and ignores anything not above it.
  it('shows a client that reconnects with the same client id to those who saw it leave', async () => {
    server = await startTestServer();
    const name = uniqueDocName('return');
    const [watcher, leaver] = [honestProvider(server, name), honestProvider(server, name)];
    providers.push(watcher, leaver);
    await Promise.all([untilSynced(watcher), untilSynced(leaver)]);
    const id = leaver.doc.clientID;
    const cursorSeen = (): unknown =>
      (watcher.awareness.getStates().get(id) as { mark?: number } | undefined)?.mark;
    leaver.awareness.setLocalStateField('mark', 1);
    await waitFor(() => cursorSeen() === 1, 'the watcher to see the cursor');
    leaver.disconnect();
    await waitFor(() => !watcher.awareness.getStates().has(id), 'the watcher to see it leave');
    leaver.connect();
    await waitFor(() => cursorSeen() === 1, 'the watcher to see it back');
    // It counts on from its own clock, below the one relayed for its return: still heard.
    leaver.awareness.setLocalStateField('mark', 2);
    await waitFor(() => cursorSeen() === 2, 'the watcher to see it move');
    expect(honestErrors).toEqual([]);
  });
});

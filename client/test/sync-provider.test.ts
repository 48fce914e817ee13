import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
  CloseCode,
  Feature,
  MessageType,
  SyncStep,
  decodeMessage,
  encodeBatch,
  encodeSaveAck,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  type Message,
} from '@wethink/shared/client';
import { SyncProvider, type SyncSocket } from '../src/collab/sync-provider';

/** A socket the test plays the server on: what the provider sent, decoded, and levers to answer. */
class FakeSocket implements SyncSocket {
  binaryType = 'blob';
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number; reason: string }) => void) | null = null;
  onerror: (() => void) | null = null;
  readonly sent: Message[] = [];
  closedWith: { code?: number; reason?: string } | null = null;

  constructor(readonly url: string) {}

  send(data: Uint8Array): void {
    const message = decodeMessage(data);
    if (message.type === MessageType.batch)
      this.sent.push(...message.frames.map((frame) => decodeMessage(frame)));
    else this.sent.push(message);
  }

  close(code?: number, reason?: string): void {
    this.closedWith ??= {
      ...(code === undefined ? {} : { code }),
      ...(reason === undefined ? {} : { reason }),
    };
    this.readyState = 3;
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.();
  }

  deliver(frame: Uint8Array): void {
    this.onmessage?.({ data: frame.slice().buffer });
  }

  serverCloses(code: number, reason = ''): void {
    this.readyState = 3;
    this.onclose?.({ code, reason });
  }
}

let sockets: FakeSocket[];
let provider: SyncProvider;
let doc: Y.Doc;

function start(options: { canSendEdits?: () => boolean; maxBackoffMs?: number } = {}): FakeSocket {
  doc = new Y.Doc();
  const awareness = new Awareness(doc);
  awareness.setLocalStateField('user', { name: 'Ada' });
  provider = new SyncProvider({
    serverUrl: 'ws://example.test/sync/',
    docName: 'book/chapter',
    doc,
    awareness,
    params: { token: 't 1' },
    openSocket: (url) => {
      const socket = new FakeSocket(url);
      sockets.push(socket);
      return socket;
    },
    ...options,
  });
  provider.connect();
  return latest();
}

const latest = () => sockets.at(-1)!;
/** Runs the microtask that flushes the outbox. */
const flushed = () => Promise.resolve();

beforeEach(() => {
  vi.useFakeTimers();
  sockets = [];
});

afterEach(() => {
  provider.destroy();
  vi.useRealTimers();
});

describe('SyncProvider', () => {
  it('opens with hello, its state vector and its presence, in that order', () => {
    const socket = start();
    expect(socket.url).toBe('ws://example.test/sync/book/chapter?token=t+1');
    expect(socket.binaryType).toBe('arraybuffer');
    socket.open();
    expect(socket.sent.map((message) => message.type)).toEqual([
      MessageType.hello,
      MessageType.sync,
      MessageType.awareness,
    ]);
    expect(socket.sent[0]).toEqual({ type: MessageType.hello, features: Feature.batch });
  });

  it("answers the server's step 1, is synced by its step 2, and batches one turn's frames", async () => {
    const socket = start();
    doc.getText('t').insert(0, 'offline');
    await flushed();
    socket.open();
    socket.sent.length = 0;
    const states: string[] = [];
    provider.on('state-sent', () => states.push('state-sent'));
    socket.deliver(
      encodeBatch([encodeSyncStep1(new Uint8Array([0])), encodeSyncStep2(new Uint8Array([0, 0]))]),
    );
    expect(provider.isSynced).toBe(true);
    expect(states).toEqual(['state-sent']);
    await flushed();
    const [answer] = socket.sent;
    expect(answer).toMatchObject({ type: MessageType.sync, step: SyncStep.step2 });
    const copy = new Y.Doc();
    Y.applyUpdate(copy, (answer as { update: Uint8Array }).update);
    expect(copy.getText('t').toString()).toBe('offline');
  });

  it('answers step 1 with nothing and sends no edits when it may not write', async () => {
    const socket = start({ canSendEdits: () => false });
    socket.open();
    doc.getText('t').insert(0, 'kept here');
    socket.deliver(encodeSyncStep1(new Uint8Array([0])));
    await flushed();
    const syncs = socket.sent.filter((message) => message.type === MessageType.sync);
    expect(syncs.map((message) => ('update' in message ? [...message.update] : 'step1'))).toEqual([
      'step1',
      [0, 0],
    ]);
  });

  it('applies what the server sends without sending it back, and hands on acks', async () => {
    const socket = start();
    socket.open();
    socket.sent.length = 0;
    const acks: number[][] = [];
    provider.on('save-ack', (requestId, level) => acks.push([requestId, level]));
    const remote = new Y.Doc();
    remote.getText('t').insert(0, 'from afar');
    socket.deliver(encodeUpdate(Y.encodeStateAsUpdate(remote)));
    socket.deliver(encodeSaveAck(7, 2));
    await flushed();
    expect(doc.getText('t').toString()).toBe('from afar');
    expect(socket.sent).toEqual([]);
    expect(acks).toEqual([[7, 2]]);
  });

  it('drops the connection after a frame it cannot read, then comes back', async () => {
    const socket = start();
    socket.open();
    const errors: unknown[] = [];
    provider.on('connection-error', (error) => errors.push(error));
    socket.deliver(Uint8Array.of(MessageType.sync, 9, 0));
    expect(socket.closedWith?.code).toBe(CloseCode.malformedMessage);
    expect(String(errors[0])).toMatch(/unknown sync step 9/);
    expect(provider.isConnected).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(sockets).toHaveLength(2);
  });

  it('backs off with growing, capped delays, and starts again after a sync', async () => {
    start({ maxBackoffMs: 1600 });
    const delays: number[] = [];
    for (let attempt = 0; attempt < 6; attempt++) {
      const before = sockets.length;
      latest().serverCloses(1006);
      let waitedMs = 0;
      while (sockets.length === before) {
        await vi.advanceTimersByTimeAsync(10);
        waitedMs += 10;
      }
      delays.push(waitedMs);
    }
    // 100 ms × 2^failures, capped at 1,600, each between half and all of its ceiling.
    const ceilings = [200, 400, 800, 1600, 1600, 1600];
    delays.forEach((delay, i) => {
      expect(delay).toBeGreaterThanOrEqual(ceilings[i]! / 2);
      expect(delay).toBeLessThanOrEqual(ceilings[i]! + 10);
    });
    latest().open();
    latest().deliver(encodeSyncStep2(new Uint8Array([0, 0])));
    latest().serverCloses(1006);
    const before = sockets.length;
    await vi.advanceTimersByTimeAsync(210);
    expect(sockets.length).toBe(before + 1);
  });

  it('stops on a refusal and says so; connect() tries again', async () => {
    const socket = start();
    socket.open();
    const refusals: number[] = [];
    provider.on('refused', ({ code }) => refusals.push(code));
    socket.serverCloses(CloseCode.forbidden, 'removed from the book');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(refusals).toEqual([CloseCode.forbidden]);
    expect(sockets).toHaveLength(1);
    provider.connect();
    expect(sockets).toHaveLength(2);
  });

  it('asks for presence after 12 s of quiet and gives up on the socket after 30 s', async () => {
    const socket = start();
    socket.open();
    socket.sent.length = 0;
    await vi.advanceTimersByTimeAsync(15_000);
    expect(socket.sent.map((message) => message.type)).toContain(MessageType.queryAwareness);
    expect(provider.isConnected).toBe(true);
    await vi.advanceTimersByTimeAsync(18_500);
    expect(provider.isConnected).toBe(false);
    expect(sockets.length).toBeGreaterThan(1);
  });

  it('says goodbye before it closes', () => {
    const socket = start();
    socket.open();
    socket.sent.length = 0;
    provider.disconnect();
    expect(socket.sent).toHaveLength(1);
    expect(socket.sent[0]!.type).toBe(MessageType.awareness);
    expect(socket.closedWith).not.toBeNull();
  });
});

import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  AppError,
  CloseCode,
  MessageType,
  Role,
  SaveLevel,
  decodeMessage,
  encodeSaveRequest,
  encodeUpdate,
  type DocName,
  type Message,
} from '@wethink/shared';
import { createCapturingLogger } from '../../src/logger';
import { SqliteDocumentStore } from '../../src/storage/sqlite-store';
import { GroupCommit } from '../../src/sync/group-commit';
import { Peer } from '../../src/sync/peer';
import { Room } from '../../src/sync/room';
import { noopSyncMetrics } from '../../src/sync/sync-metrics';
import { makeTempDir } from '../start-test-server';
import { DelegatingStore } from '../storage/delegating-store';

/** A real SQLite store that records each batch append and can be made to fail them. */
class RecordingStore extends DelegatingStore {
  isFailing = false;
  readonly batches: Uint8Array[][] = [];
  /** performance.now() of each batch append and each compaction. */
  readonly appendedAt: number[] = [];
  readonly compactedAt: number[] = [];
  /** Runs at each batch append, before it is stored: what the room had done by then. */
  onAppend: () => void = () => {};
  /** While set, appends wait for it before they commit: a database across the network. */
  gate: Promise<void> | null = null;
  inFlight = 0;
  maxInFlight = 0;
  override async appendUpdates(name: DocName, updates: readonly Uint8Array[]): Promise<number> {
    this.onAppend();
    this.batches.push([...updates]);
    this.appendedAt.push(performance.now());
    this.inFlight += 1;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.gate) await this.gate;
      if (this.isFailing) throw new Error('disk full');
      return await this.inner.appendUpdates(name, updates);
    } finally {
      this.inFlight -= 1;
    }
  }
  override compact(name: DocName, state: Uint8Array, throughSeq: number) {
    this.compactedAt.push(performance.now());
    return this.inner.compact(name, state, throughSeq);
  }
}

const name = 'book/chapter-1' as DocName;
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A peer on a socket that records what it is sent and how it was closed. */
function fakePeer(id: string) {
  const frames: Message[] = [];
  let closeCode: number | null = null;
  const socket = {
    send: (frame: Uint8Array) => void frames.push(decodeMessage(frame)),
    close: (code: number) => void (closeCode = code),
    terminate: () => void (closeCode = 1006),
    cork: () => {},
    uncork: () => {},
    bufferedAmount: 0,
  };
  const peer = new Peer(socket, {
    maxBufferedBytes: 1 << 20,
    awarenessMessagesPerSec: 100,
    identity: { id, name: id, color: '#1971c2', role: Role.author },
  });
  const updates = () => frames.filter((m) => m.type === MessageType.sync && 'update' in m);
  return { peer, frames, updates, closeCode: () => closeCode };
}

async function setup(compaction = { afterUpdates: 1000, quietMs: 2000 }) {
  const file = path.join(makeTempDir(), 'wethink.sqlite');
  const store = new RecordingStore(SqliteDocumentStore.open(file));
  const logger = createCapturingLogger();
  const groupCommit = new GroupCommit({ sync: () => store.sync(), delayMs: 1, onError: () => {} });
  const room = new Room(name, await store.load(name), {
    store,
    groupCommit,
    logger,
    metrics: noopSyncMetrics,
    compactAfterUpdates: compaction.afterUpdates,
    compactQuietMs: compaction.quietMs,
    maxAwarenessClientsPerPeer: 4,
    maxAwarenessStateBytes: 4096,
  });
  cleanups.push(async () => {
    await groupCommit.flush();
    room.destroy();
    await store.close();
  });
  const join = (id: string) => {
    const member = fakePeer(id);
    room.join(member.peer);
    return member;
  };
  const storedText = async () => {
    const stored = await store.inner.load(name);
    const doc = new Y.Doc();
    if (stored.state) Y.applyUpdate(doc, stored.state);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
    return doc.getText('t').toString();
  };
  return { store, room, logger, join, storedText };
}

/** An author's own document: `type` appends text and returns the update it produced. */
function author() {
  const doc = new Y.Doc();
  return {
    doc,
    type(text: string): Uint8Array {
      const before = Y.encodeStateVector(doc);
      doc.getText('t').insert(doc.getText('t').length, text);
      return Y.encodeStateAsUpdate(doc, before);
    },
  };
}

/** A gate for the store's appends: `open` lets the waiting one commit. */
function gate() {
  let open = (): void => {};
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('Room appends while an append is in flight', () => {
  it('queues later updates behind it, guards them against it, and stores them in the next append', async () => {
    const { store, room, join, storedText } = await setup();
    const [ann, watcher] = [join('ann'), join('watcher')];
    const annDoc = author();
    const held = gate();
    store.gate = held.promise;
    room.receive(ann.peer, encodeUpdate(annDoc.type('one ')));
    await nextTurn();
    // Builds on 'one ', which only the pending append has: accepted, not a clock gap.
    room.receive(ann.peer, encodeUpdate(annDoc.type('two ')));
    room.receive(ann.peer, encodeUpdate(annDoc.type('three ')));
    await nextTurn();
    expect(ann.closeCode()).toBeNull();
    expect(store.batches.map((batch) => batch.length)).toEqual([1]);
    expect(watcher.updates()).toHaveLength(0);
    expect(room.doc.getText('t').toString()).toBe('');

    store.gate = null;
    held.open();
    await expect.poll(() => store.batches.map((batch) => batch.length)).toEqual([1, 2]);
    await expect.poll(() => room.doc.getText('t').toString()).toBe('one two three ');
    expect(store.maxInFlight).toBe(1);
    expect(await storedText()).toBe('one two three ');
    const relayed = new Y.Doc();
    for (const message of watcher.updates())
      Y.applyUpdate(relayed, (message as { update: Uint8Array }).update);
    expect(relayed.getText('t').toString()).toBe('one two three ');
  });

  it('stores and relays what a peer sent before it closed, though it closed while the append was in flight', async () => {
    const { store, room, join, storedText } = await setup();
    const [ann, watcher] = [join('ann'), join('watcher')];
    const held = gate();
    store.gate = held.promise;
    room.receive(ann.peer, encodeUpdate(author().type('last words')));
    await nextTurn();
    room.leave(ann.peer);
    held.open();
    await expect.poll(() => watcher.updates().length).toBe(1);
    expect(await storedText()).toBe('last words');
    expect(room.doc.getText('t').toString()).toBe('last words');
  });

  it('acks a save request as received only once the append before it committed', async () => {
    const { store, room, join } = await setup();
    const ann = join('ann');
    const held = gate();
    store.gate = held.promise;
    room.receive(ann.peer, encodeUpdate(author().type('saved?')));
    room.receive(ann.peer, encodeSaveRequest(7));
    await nextTurn();
    const acks = () => ann.frames.filter((m) => m.type === MessageType.saveAck);
    expect(acks()).toHaveLength(0);
    held.open();
    await expect.poll(() => acks().length).toBeGreaterThan(0);
    expect(acks()[0]).toMatchObject({ requestId: 7, level: SaveLevel.received });
  });

  it('refuses what waited behind a failed append too, closing its senders with 4503, and carries on', async () => {
    const { store, room, join, storedText } = await setup();
    const [ann, bob, watcher] = [join('ann'), join('bob'), join('watcher')];
    const annDoc = author();
    const held = gate();
    store.gate = held.promise;
    store.isFailing = true;
    room.receive(ann.peer, encodeUpdate(annDoc.type('lost ')));
    await nextTurn();
    room.receive(ann.peer, encodeUpdate(annDoc.type('also lost')));
    room.receive(bob.peer, encodeUpdate(author().type('bob waited')));
    await nextTurn();
    store.gate = null;
    held.open();
    await expect
      .poll(() => [ann.closeCode(), bob.closeCode()])
      .toEqual([CloseCode.storageUnavailable, CloseCode.storageUnavailable]);
    expect(watcher.updates()).toHaveLength(0);
    expect(room.doc.getText('t').toString()).toBe('');
    store.isFailing = false;
    const cat = join('cat');
    room.receive(cat.peer, encodeUpdate(author().type('after')));
    await expect.poll(() => storedText()).toBe('after');
    expect(cat.closeCode()).toBeNull();
  });
});

describe('Room appends one batch per turn', () => {
  it('stores the updates of one turn in one append, before any is applied or relayed', async () => {
    const { store, room, join, storedText } = await setup();
    const [ann, bob, watcher] = [join('ann'), join('bob'), join('watcher')];
    const seenAtAppend: { relayed: number; text: string }[] = [];
    store.onAppend = () =>
      seenAtAppend.push({ relayed: watcher.updates().length, text: room.doc.getText('t').toString() });

    room.receive(ann.peer, encodeUpdate(author().type('ann ')));
    room.receive(bob.peer, encodeUpdate(author().type('bob ')));
    await nextTurn();

    expect(store.batches.map((batch) => batch.length)).toEqual([2]);
    expect(seenAtAppend).toEqual([{ relayed: 0, text: '' }]);
    expect(watcher.updates()).toHaveLength(1);
    const relayed = new Y.Doc();
    const [message] = watcher.updates();
    Y.applyUpdate(relayed, (message as { update: Uint8Array }).update);
    expect(relayed.getText('t').toString()).toBe(room.doc.getText('t').toString());
    expect(room.doc.getText('t').toString()).toHaveLength('ann bob '.length);
    expect(await storedText()).toBe(room.doc.getText('t').toString());
  });

  it('relays a stored update before integrating it, and integrates it with its sender as origin', async () => {
    const { room, join } = await setup();
    const [ann, watcher] = [join('ann'), join('watcher')];
    const atIntegration: { relayed: number; origin: unknown }[] = [];
    room.doc.on('update', (_update: Uint8Array, origin: unknown) =>
      atIntegration.push({ relayed: watcher.updates().length, origin }),
    );
    room.receive(ann.peer, encodeUpdate(author().type('first')));
    await nextTurn();
    expect(atIntegration).toEqual([
      { relayed: 1, origin: { kind: 'peer', principal: ann.peer.principal, peerId: ann.peer.id } },
    ]);
    expect(room.doc.getText('t').toString()).toBe('first');
  });

  it("accepts a typist's second keystroke that builds on a first still pending in the same turn", async () => {
    const { store, room, join, storedText } = await setup();
    const ann = join('ann');
    const typist = author();
    room.receive(ann.peer, encodeUpdate(typist.type('a')));
    room.receive(ann.peer, encodeUpdate(typist.type('b')));
    await nextTurn();
    expect(ann.closeCode()).toBeNull();
    expect(store.batches.map((batch) => batch.length)).toEqual([2]);
    expect(room.doc.getText('t').toString()).toBe('ab');
    expect(await storedText()).toBe('ab');
  });

  it('answers a save request behind a pending update only once that update is stored', async () => {
    const { store, room, join } = await setup();
    const ann = join('ann');
    const acksAtAppend: number[] = [];
    store.onAppend = () => acksAtAppend.push(ann.frames.filter((m) => m.type === MessageType.saveAck).length);
    room.receive(ann.peer, encodeUpdate(author().type('saved')));
    room.receive(ann.peer, encodeSaveRequest(1));
    await nextTurn();
    expect(acksAtAppend).toEqual([0]);
    const acks = ann.frames.filter((m) => m.type === MessageType.saveAck);
    expect(acks[0]).toMatchObject({ requestId: 1, level: SaveLevel.received });
  });
});

describe('a failed batch append', () => {
  it('closes every sender in it with 4503, relays and applies none of it, and the room carries on', async () => {
    const { store, room, logger, join, storedText } = await setup();
    const [ann, bob, watcher, cat] = [join('ann'), join('bob'), join('watcher'), join('cat')];
    const annDoc = author();
    room.receive(ann.peer, encodeUpdate(annDoc.type('kept ')));
    room.receive(ann.peer, encodeSaveRequest(1));
    await nextTurn();
    const relayedBefore = watcher.updates().length;

    store.isFailing = true;
    room.receive(ann.peer, encodeUpdate(annDoc.type('lost ')));
    room.receive(ann.peer, encodeSaveRequest(2));
    room.receive(bob.peer, encodeUpdate(author().type('also lost')));
    await nextTurn();

    expect(store.batches.at(-1)).toHaveLength(2);
    expect([ann.closeCode(), bob.closeCode()]).toEqual([
      CloseCode.storageUnavailable,
      CloseCode.storageUnavailable,
    ]);
    expect(watcher.closeCode()).toBeNull();
    expect(watcher.updates()).toHaveLength(relayedBefore);
    expect(room.doc.getText('t').toString()).toBe('kept ');
    const levelsFor = (requestId: number) =>
      ann.frames
        .filter((m) => m.type === MessageType.saveAck && m.requestId === requestId)
        .map((m) => (m as { level: number }).level);
    expect(levelsFor(1)).toContain(SaveLevel.received);
    expect(levelsFor(2)).toEqual([]);
    expect(logger.records.some((r) => r.level === 'error' && r.msg.startsWith('updates not stored'))).toBe(
      true,
    );

    store.isFailing = false;
    room.receive(cat.peer, encodeUpdate(author().type('after')));
    await nextTurn();
    expect(cat.closeCode()).toBeNull();
    expect(watcher.updates()).toHaveLength(relayedBefore + 1);
    expect(room.doc.getText('t').toString()).toContain('after');
    expect(await storedText()).toBe(room.doc.getText('t').toString());
    expect(await storedText()).not.toContain('lost');
  });

  it('makes writeAs reject with storage-unavailable with the live document unchanged', async () => {
    const { store, room, join } = await setup();
    const watcher = join('watcher');
    store.isFailing = true;
    const update = author().type('restored');
    await expect(room.writeAs('user:ann', 'restore', update)).rejects.toThrow(AppError);
    await nextTurn();
    expect(room.doc.getText('t').toString()).toBe('');
    expect(watcher.updates()).toHaveLength(0);

    store.isFailing = false;
    await room.writeAs('user:ann', 'restore', update);
    expect(room.doc.getText('t').toString()).toBe('restored');
  });
});

describe('compaction of the update log', () => {
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const storedLog = async (store: RecordingStore) => {
    const stored = await store.inner.load(name);
    return { hasState: stored.state !== null, updates: stored.updates.length };
  };

  it('waits until the room has been quiet, not in the middle of a burst of typing', async () => {
    const quietMs = 300;
    const { store, room, join, storedText } = await setup({ afterUpdates: 3, quietMs });
    const ann = join('ann');
    const typist = author();
    // Eight keystrokes 40 ms apart: past the threshold from the third.
    for (let i = 0; i < 8; i += 1) {
      room.receive(ann.peer, encodeUpdate(typist.type(`${i}`)));
      await sleep(40);
    }
    const typedUntil = performance.now();
    while (store.compactedAt.length === 0 && performance.now() - typedUntil < 5_000) await sleep(20);

    expect(store.compactedAt.length).toBeGreaterThan(0);
    // Every compaction came a quiet period after the last write before it (timers may fire a
    // millisecond early); a machine stalled mid-burst may compact there, but only after a pause.
    for (const at of store.compactedAt) {
      const lastWrite = Math.max(...store.appendedAt.filter((written) => written <= at));
      expect(at - lastWrite).toBeGreaterThanOrEqual(quietMs - 2);
    }
    expect(await storedLog(store)).toEqual({ hasState: true, updates: 0 });
    expect(await storedText()).toBe('01234567');
  });

  it('compacts at once past four times the threshold, however busy the room is', async () => {
    const { store, room, join, storedText } = await setup({ afterUpdates: 2, quietMs: 60_000 });
    const ann = join('ann');
    const typist = author();
    for (let i = 0; i < 7; i += 1) {
      room.receive(ann.peer, encodeUpdate(typist.type(`${i}`)));
      await nextTurn();
    }
    expect(store.compactedAt).toHaveLength(0);
    room.receive(ann.peer, encodeUpdate(typist.type('7')));
    await nextTurn();
    await nextTurn();
    expect(store.compactedAt).toHaveLength(1);
    expect(await storedLog(store)).toEqual({ hasState: true, updates: 0 });
    expect(await storedText()).toBe('01234567');
  });
});

/**
 * What one accepted keystroke costs the server, by storage (not a test; run by hand):
 *   cd server && nice -n 10 node --import tsx test/measure/commit-costs.ts [edits=20000] [perTurn=4,16] [variant,...]
 * Twenty authors type one character each into a 2,000-character chapter, as the bench's saturation
 * scenario does; the updates are made up front, then replayed into a real Room (real store, group
 * commit, history recorder, twenty peers on sockets that discard) `perTurn` updates per event-loop
 * turn. Prints process CPU (every thread) per edit for each variant, the CPU spent inside the
 * store's appends and compactions and how many fsyncs group commit ran, and the parts measured
 * alone: one SQLite insert, and one fsync of the WAL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as Y from 'yjs';
import { Role, encodeUpdate, type DocName } from '@wethink/shared';
import type { DocumentStore } from '../../src/storage/document-store';
import { MemoryDocumentStore } from '../../src/storage/memory-store';
import { SqliteDocumentStore } from '../../src/storage/sqlite-store';
import { Peer } from '../../src/sync/peer';
import { Room } from '../../src/sync/room';
import { measureRoomDeps } from './measure-room-deps';

const AUTHORS = 20;
const SEED_CHARS = 2_000;
const edits = Number(process.argv[2] ?? 20_000);
const perTurnList = (process.argv[3] ?? '4,16').split(',').map(Number);
const onlyVariants = process.argv[4]?.split(',') ?? null;
const name = 'book/chapter-1' as DocName;
const print = (line: string): void => void process.stdout.write(`${line}\n`);

/** The seed and then `edits` one-character updates, round robin over the authors' carets. */
function makeUpdates(): { seed: Uint8Array; updates: { author: number; update: Uint8Array }[] } {
  const hub = new Y.Doc();
  hub.getText('chapter').insert(0, 'lorem ipsum dolor sit amet '.repeat(80).slice(0, SEED_CHARS));
  const seed = Y.encodeStateAsUpdate(hub);
  const docs = Array.from({ length: AUTHORS }, () => {
    const doc = new Y.Doc();
    Y.applyUpdate(doc, seed);
    return doc;
  });
  const carets = docs.map((_, i) => Math.floor((i * SEED_CHARS) / AUTHORS));
  const updates: { author: number; update: Uint8Array }[] = [];
  for (let i = 0; i < edits; i += 1) {
    const author = i % AUTHORS;
    const doc = docs[author]!;
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(hub, Y.encodeStateVector(doc)));
    const before = Y.encodeStateVector(doc);
    const text = doc.getText('chapter');
    const at = Math.min(carets[author]!, text.length);
    text.insert(at, 'etaoin shrdlu'[i % 13]!);
    carets[author] = at + 1;
    const update = Y.encodeStateAsUpdate(doc, before);
    Y.applyUpdate(hub, update);
    updates.push({ author, update });
  }
  return { seed, updates };
}

interface Variant {
  label: string;
  store: () => DocumentStore;
  hasHistory: boolean;
  hasFsync: boolean;
}

const tempFile = (): string =>
  path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'commit-costs-')), 'wethink.sqlite');

interface StoreCosts {
  appendUs: number;
  compactUs: number;
  syncs: number;
}

/** Wraps the store's write calls to add up their CPU (syncs run off-thread: counted, not timed). */
function timed(store: DocumentStore, costs: StoreCosts): DocumentStore {
  const cpu = (): number => {
    const usage = process.cpuUsage();
    return usage.user + usage.system;
  };
  // Only the outermost call is timed (SQLite's calls run to completion before they return).
  let depth = 0;
  const around =
    <A extends unknown[], R>(call: (...args: A) => R, add: (us: number) => void) =>
    (...args: A): R => {
      const before = cpu();
      depth += 1;
      try {
        return call(...args);
      } finally {
        depth -= 1;
        if (depth === 0) add(cpu() - before);
      }
    };
  const appendUpdates = store.appendUpdates.bind(store);
  const compact = store.compact.bind(store);
  const sync = store.sync.bind(store);
  store.appendUpdates = around(appendUpdates, (us) => (costs.appendUs += us));
  store.compact = around(compact, (us) => (costs.compactUs += us));
  store.sync = () => {
    costs.syncs += 1;
    return sync();
  };
  return store;
}

async function replay(
  variant: Variant,
  input: ReturnType<typeof makeUpdates>,
  perTurn: number,
): Promise<{ cpuUs: number; wallMs: number; costs: StoreCosts }> {
  const costs: StoreCosts = { appendUs: 0, compactUs: 0, syncs: 0 };
  const store = timed(variant.store(), costs);
  await store.appendUpdates(name, [input.seed]);
  const deps = measureRoomDeps(store, { hasHistory: variant.hasHistory, isFsynced: variant.hasFsync });
  const { groupCommit, history } = deps;
  const room = new Room(name, await store.load(name), deps);
  const peers = Array.from({ length: AUTHORS }, (_, i) => {
    const socket = {
      send: () => {},
      close: () => {},
      terminate: () => {},
      cork: () => {},
      uncork: () => {},
      bufferedAmount: 0,
    };
    const peer = new Peer(socket, {
      maxBufferedBytes: 1 << 20,
      awarenessMessagesPerSec: 100,
      identity: { id: `u${i}`, name: `u${i}`, color: '#000000', role: Role.author },
    });
    room.join(peer);
    return peer;
  });
  const frames = input.updates.map(({ author, update }) => ({
    peer: peers[author]!,
    frame: encodeUpdate(update),
  }));
  const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
  const cpuBefore = process.cpuUsage();
  const startedMs = performance.now();
  for (let i = 0; i < frames.length; i += perTurn) {
    for (const { peer, frame } of frames.slice(i, i + perTurn)) room.receive(peer, frame);
    await turn();
  }
  await groupCommit.flush();
  const cpu = process.cpuUsage(cpuBefore);
  const wallMs = performance.now() - startedMs;
  for (const peer of peers) if (peer.isClosed) throw new Error(`peer closed with ${peer.closeCode}`);
  room.destroy();
  await history?.flush();
  await store.close();
  return { cpuUs: cpu.user + cpu.system, wallMs, costs };
}

async function measureInsertAndFsync(input: ReturnType<typeof makeUpdates>): Promise<void> {
  const store = SqliteDocumentStore.open(tempFile());
  const n = Math.min(5_000, input.updates.length);
  let cpuBefore = process.cpuUsage();
  for (let i = 0; i < n; i += 1) await store.appendUpdates(name, [input.updates[i]!.update]);
  let cpu = process.cpuUsage(cpuBefore);
  print(`one INSERT (own transaction): ${((cpu.user + cpu.system) / n).toFixed(1)} µs CPU`);
  const walFd = fs.openSync(`${store.filePath}-wal`, 'r');
  const syncs = 300;
  cpuBefore = process.cpuUsage();
  const startedMs = performance.now();
  for (let i = 0; i < syncs; i += 1) {
    await store.appendUpdates(name, [input.updates[i]!.update]);
    fs.fsyncSync(walFd);
  }
  cpu = process.cpuUsage(cpuBefore);
  print(
    `one INSERT + fsync of the WAL: ${((cpu.user + cpu.system) / syncs).toFixed(1)} µs CPU, ` +
      `${((performance.now() - startedMs) / syncs).toFixed(2)} ms wall`,
  );
  fs.closeSync(walFd);
  void store.close();
}

const variants: Variant[] = [
  { label: 'memory, no history', store: () => new MemoryDocumentStore(), hasHistory: false, hasFsync: false },
  { label: 'memory', store: () => new MemoryDocumentStore(), hasHistory: true, hasFsync: false },
  {
    label: 'sqlite, no fsync',
    store: () => SqliteDocumentStore.open(tempFile()),
    hasHistory: true,
    hasFsync: false,
  },
  { label: 'sqlite', store: () => SqliteDocumentStore.open(tempFile()), hasHistory: true, hasFsync: true },
];

const input = makeUpdates();
print(`${edits} one-character edits by ${AUTHORS} authors; load ${os.loadavg().map((l) => l.toFixed(2))}`);
await measureInsertAndFsync(input);
for (const perTurn of perTurnList) {
  for (const round of [1, 2]) {
    for (const variant of variants.filter((v) => !onlyVariants || onlyVariants.includes(v.label))) {
      const { cpuUs, wallMs, costs } = await replay(variant, input, perTurn);
      const perEdit = (us: number): string => (us / edits).toFixed(1).padStart(5);
      print(
        `${perTurn}/turn round ${round} ${variant.label.padEnd(20)} ${perEdit(cpuUs)} µs CPU/edit ` +
          `(appends ${perEdit(costs.appendUs)}, compactions ${perEdit(costs.compactUs)}, ` +
          `${((costs.syncs * 1000) / edits).toFixed(1)} fsyncs per 1000 edits), ` +
          `${perEdit(wallMs * 1000)} µs wall/edit`,
      );
    }
  }
}
print(`load ${os.loadavg().map((l) => l.toFixed(2))}`);

/**
 * Measures what history costs on the automerge-paper editing trace (not a test; run by hand):
 *   node --import tsx server/test/measure/history-costs.ts [editsPerVersion=1000]
 * 1. the keystroke path: µs per accepted update with and without the history observer;
 * 2. bytes per version: the chapter replayed by one author, a version every N edits, stored as
 *    the server stores them and read back (each must equal the document it was taken of).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import zlib from 'node:zlib';
import * as Y from 'yjs';
import { chapterFragment, type DocName } from '@wethink/shared';
import { ContributionBuffer } from '../../src/history/contribution-buffer';
import { RoomHistoryTracker } from '../../src/history/room-history-tracker';
import { encodeVersion, loadVersionUpdate, type ChainTip } from '../../src/history/version-chain';
import { encodeVersionState } from '../../src/history/version-codec';
import { MemoryDocumentStore } from '../../src/storage/memory-store';

type Patch = [position: number, deleted: number, inserted: string];
const tracePath = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../shared/traces/automerge-paper.json.gz',
);
const trace = JSON.parse(gunzipSync(readFileSync(tracePath)).toString('utf8')) as {
  endContent: string;
  txns: { patches: Patch[] }[];
};
const editsPerVersion = Number(process.argv[2] ?? 1000);
const print = (value: unknown): void => void process.stdout.write(`${JSON.stringify(value)}\n`);

/** The trace as the updates one author's editor would send, one per trace transaction. */
function authorUpdates(): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  doc.transact(() => {
    chapterFragment(doc).insert(0, [paragraph]);
    paragraph.insert(0, [text]);
  });
  updates.push(Y.encodeStateAsUpdate(doc));
  doc.on('update', (update: Uint8Array) => updates.push(update));
  for (const txn of trace.txns) {
    doc.transact(() => {
      for (const [position, deleted, inserted] of txn.patches) {
        if (deleted > 0) text.delete(position, deleted);
        if (inserted) text.insert(position, inserted);
      }
    });
  }
  if (text.toString() !== trace.endContent) throw new Error('replay diverged from the trace');
  return updates;
}

function replay(updates: Uint8Array[], withHistory: boolean) {
  const doc = new Y.Doc();
  const buffer = new ContributionBuffer();
  const tracker = withHistory
    ? new RoomHistoryTracker({
        name: 'bench/ch-1' as DocName,
        doc,
        buffer,
        now: () => 0,
        versionQuietMs: 1e9,
        versionMaxWaitMs: 1e9,
        saveVersion: async () => {
          throw new Error('not in this run');
        },
        latestVersion: async () => null,
        onVersionError: () => {},
        onEdit: () => {},
        onDispose: () => {},
      }).start()
    : null;
  const origin = { principal: 'user:bench' };
  const started = performance.now();
  for (const update of updates) Y.applyUpdate(doc, update, origin);
  const ms = performance.now() - started;
  tracker?.dispose();
  return { doc, ms, buffer };
}

const updates = authorUpdates();
// Warm up, then alternate to be fair to the JIT and the other engineers' load on the machine.
replay(updates.slice(0, 20_000), true);
const runs = { without: [] as number[], with: [] as number[] };
let last: ReturnType<typeof replay> | null = null;
for (let i = 0; i < 3; i++) {
  runs.without.push(replay(updates, false).ms);
  last = replay(updates, true);
  runs.with.push(last.ms);
}
const best = (list: number[]) => Math.min(...list);
const perUpdateUs = (ms: number) => (ms * 1000) / updates.length;
print({
  updates: updates.length,
  applyUsPerUpdate: Number(perUpdateUs(best(runs.without)).toFixed(2)),
  applyWithHistoryUsPerUpdate: Number(perUpdateUs(best(runs.with)).toFixed(2)),
  addedUsPerUpdate: Number(perUpdateUs(best(runs.with) - best(runs.without)).toFixed(2)),
  bufferedRows: last!.buffer.drain().rows.length,
});

// Versions: the server's (garbage-collected) document every N edits, stored as the recorder
// stores them (chains of deltas with a full state every MAX_CHAIN_DEPTH + 1), then read back.
const store = new MemoryDocumentStore();
const name = 'bench/ch-1' as DocName;
const doc = new Y.Doc();
const sizes = { stored: 0, fullBrotliV2: 0, fullDeflateV2: 0, fullDeflateV1: 0, fullRawV2: 0 };
let tip: ChainTip | null = null;
const texts = new Map<number, string>();
for (let i = 0; i < updates.length; i++) {
  Y.applyUpdate(doc, updates[i]!);
  if ((i + 1) % editsPerVersion !== 0 && i !== updates.length - 1) continue;
  const v2 = Y.encodeStateAsUpdateV2(doc);
  const snapshot = Y.snapshot(doc);
  const encoded = await encodeVersion(v2, tip);
  const meta = await store.saveVersion({
    doc: name,
    kind: 'auto',
    name: null,
    createdAt: i,
    createdBy: null,
    snapshot: Y.encodeSnapshotV2(snapshot),
    ...encoded,
  });
  tip = { id: meta.id, depth: meta.depth, snapshot };
  texts.set(meta.id, chapterFragment(doc).toString());
  sizes.stored += encoded.state.byteLength;
  sizes.fullRawV2 += v2.byteLength;
  sizes.fullBrotliV2 += (await encodeVersionState(v2)).byteLength;
  sizes.fullDeflateV2 += zlib.deflateRawSync(v2, { level: 9 }).byteLength;
  sizes.fullDeflateV1 += zlib.deflateRawSync(Y.encodeStateAsUpdate(doc), { level: 9 }).byteLength;
}
// Every version reads back to exactly the document it was taken of.
const readStarted = performance.now();
for (const [id, text] of texts) {
  const loaded = (await loadVersionUpdate(store, name, id))!;
  const copy = new Y.Doc();
  Y.applyUpdateV2(copy, loaded.update);
  if (chapterFragment(copy).toString() !== text) throw new Error(`version ${id} reads back wrong`);
}
const versions = texts.size;
print({
  editsPerVersion,
  versions,
  finalChars: trace.endContent.length,
  readBackMsPerVersion: Number(((performance.now() - readStarted) / versions).toFixed(1)),
  meanBytesPerVersion: Object.fromEntries(
    Object.entries(sizes).map(([key, total]) => [key, Math.round(total / versions)]),
  ),
});

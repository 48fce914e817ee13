/**
 * Measures what history costs on the automerge-paper editing trace (not a test; run by hand):
 *   cd server && node --import tsx test/measure/history-costs.ts [editsPerVersion=1000] [parts=1,2,3]
 * (tsx resolves from server/, not from the repository root).
 * 1. the keystroke path: µs per accepted update with and without the history observer;
 * 2. bytes per version: the chapter replayed by one author, a version every N edits, stored as
 *    the server stores them and read back (each must equal the document it was taken of);
 * 3. bytes of contribution rows and deletion records: the trace typed by one author at a steady
 *    pace of simulated time, recorded by the server's HistoryRecorder into a real SQLite file.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import zlib from 'node:zlib';
import Database from 'libsql';
import * as Y from 'yjs';
import { chapterFragment, type DocName } from '@wethink/shared';
import { ContributionBuffer } from '../../src/history/contribution-buffer';
import { HistoryRecorder } from '../../src/history/history-recorder';
import { decodeIdRanges } from '../../src/history/id-ranges';
import { RoomHistoryTracker } from '../../src/history/room-history-tracker';
import { encodeVersion, loadVersionUpdate, type ChainTip } from '../../src/history/version-chain';
import { encodeVersionState } from '../../src/history/version-codec';
import { silentLogger } from '../../src/logger';
import { MemoryDocumentStore } from '../../src/storage/memory-store';
import { SqliteDocumentStore } from '../../src/storage/sqlite-store';

type Patch = [position: number, deleted: number, inserted: string];
const tracePath = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../bench/traces/automerge-paper.json.gz',
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
  const origin = { kind: 'peer', principal: 'user:bench', peerId: 1 } as const;
  const started = performance.now();
  for (const update of updates) Y.applyUpdate(doc, update, origin);
  const ms = performance.now() - started;
  tracker?.dispose();
  return { doc, ms, buffer };
}

/** Part 1: the keystroke path with and without the history observer. */
function measureKeystrokePath(updates: Uint8Array[]): void {
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
}

/** Part 2: what versions cost to store and to read back. */
async function measureVersions(updates: Uint8Array[]): Promise<void> {
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
}

// Part 3 names the chapter and the author as the app does: `b_` + 12 base64url characters
// (account-service), a 12-character chapter id (client/src/book/ids.ts), `u_` + 12 for users;
// the key columns are repeated in every row and index entry, so their length counts.
const chapterName = 'b_Qx7Lm2Rt9KpZ/Hd4nW8sJc2Va' as DocName;
const authorId = 'u_Fq3Zr8Tn1YbX';
/** The server's default CONTRIBUTION_FLUSH_MS (config.ts). */
const contributionFlushMs = 1000;
/** setTimeout's longest delay: the recorder's own timers never fire; this script plays its clock. */
const neverMs = 2 ** 31 - 1;
const historyObjects = ['contributions', 'contributions_by_book', 'deletions', 'deletions_by_doc'];

/** Bytes of each history table and index as SQLite lays them out (dbstat: whole pages, and payload). */
function historyBytes(filePath: string): Record<string, { pageBytes: number; payloadBytes: number }> {
  const db = new Database(filePath, { readonly: true });
  try {
    const rows = db
      .prepare(
        'SELECT name, SUM(pgsize) AS pageBytes, SUM(payload) AS payloadBytes FROM dbstat GROUP BY name',
      )
      .all() as { name: string; pageBytes: number; payloadBytes: number }[];
    return Object.fromEntries(
      rows
        .filter((row) => historyObjects.includes(row.name))
        .map((row) => [
          row.name,
          { pageBytes: Number(row.pageBytes), payloadBytes: Number(row.payloadBytes) },
        ]),
    );
  } finally {
    db.close();
  }
}

/**
 * Types the trace into a chapter at `editsPerMinute` of simulated time, through the recorder the
 * server attaches to each room. Its flush timer is replayed here: armed by the first edit after a
 * flush, due `contributionFlushMs` later, fired before the first edit at or after that time.
 */
async function recordTrace(updates: Uint8Array[], editsPerMinute: number, filePath: string) {
  const store = SqliteDocumentStore.open(filePath);
  const startMs = Date.UTC(2026, 0, 5, 9, 0, 0);
  let nowMs = startMs;
  const recorder = new HistoryRecorder({
    store,
    logger: silentLogger,
    config: { versionQuietMs: neverMs, versionMaxWaitMs: neverMs, contributionFlushMs: neverMs },
    now: () => nowMs,
  });
  const doc = new Y.Doc();
  const tracker = recorder.attach(chapterName, doc)!;
  const origin = { principal: `user:${authorId}` };
  let flushDueMs: number | null = null;
  let flushes = 0;
  for (let i = 0; i < updates.length; i++) {
    nowMs = startMs + Math.round((i * 60_000) / editsPerMinute);
    if (flushDueMs !== null && nowMs >= flushDueMs) {
      await recorder.flush();
      flushes += 1;
      flushDueMs = null;
    }
    Y.applyUpdate(doc, updates[i]!, origin);
    flushDueMs ??= nowMs + contributionFlushMs;
  }
  await recorder.flush();
  tracker.dispose();
  const rows = await store.listContributions({
    scope: { doc: chapterName },
    fromMs: 0,
    toMs: Number.MAX_SAFE_INTEGER,
  });
  const deletions = await store.listDeletions(chapterName);
  await store.close();
  return { rows, deletions, flushes: flushes + 1, typingMs: nowMs - startMs };
}

/** Checks that the stored rows add up to the trace: every character typed and deleted, once. */
function checkTotals({ rows, deletions }: Awaited<ReturnType<typeof recordTrace>>): void {
  const patches = trace.txns.flatMap((txn) => txn.patches);
  const sum = <T>(list: T[], of: (item: T) => number) => list.reduce((total, item) => total + of(item), 0);
  const totals = {
    traceInserted: sum(patches, ([, , inserted]) => inserted.length),
    rowsInserted: sum(rows, (row) => row.charsInserted),
    traceDeleted: sum(patches, ([, deleted]) => deleted),
    rowsDeleted: sum(rows, (row) => row.charsDeleted),
    idsInDeletions: sum(deletions, (row) => sum(decodeIdRanges(row.ranges), (range) => range.len)),
  };
  const { traceInserted, rowsInserted, traceDeleted, rowsDeleted, idsInDeletions } = totals;
  if (rowsInserted !== traceInserted || rowsDeleted !== traceDeleted || idsInDeletions !== traceDeleted) {
    throw new Error(`stored history disagrees with the trace: ${JSON.stringify(totals)}`);
  }
}

/**
 * Part 3: what contribution rows and deletion records cost on disk, in a real SQLite file: the
 * pages (and payload) of each table and its index grown by the run, as written and after VACUUM.
 */
async function measureContributions(updates: Uint8Array[], editsPerMinute: number): Promise<void> {
  const dir = mkdtempSync(path.join(tmpdir(), 'wethink-history-costs-'));
  try {
    const filePath = path.join(dir, 'history.sqlite');
    await SqliteDocumentStore.open(filePath).close();
    const empty = historyBytes(filePath);
    const recorded = await recordTrace(updates, editsPerMinute, filePath);
    checkTotals(recorded);
    const written = historyBytes(filePath);
    const vacuum = new Database(filePath);
    vacuum.exec('VACUUM');
    vacuum.close();
    const vacuumed = historyBytes(filePath);
    const grown = (sizes: typeof written, names: string[], key: 'pageBytes' | 'payloadBytes') =>
      names.reduce((sum, name) => sum + sizes[name]![key] - empty[name]![key], 0);
    const contributionObjects = ['contributions', 'contributions_by_book'];
    const deletionObjects = ['deletions', 'deletions_by_doc'];
    const bytes = {
      contributions: grown(written, contributionObjects, 'pageBytes'),
      deletions: grown(written, deletionObjects, 'pageBytes'),
    };
    const total = bytes.contributions + bytes.deletions;
    const hours = recorded.typingMs / 3_600_000;
    const round = (value: number) => Number(value.toFixed(1));
    print({
      editsPerMinute,
      edits: updates.length,
      typingHours: round(hours),
      flushes: recorded.flushes,
      contributionRows: recorded.rows.length,
      deletionRows: recorded.deletions.length,
      deletionRangesBytes: recorded.deletions.reduce((sum, row) => sum + row.ranges.byteLength, 0),
      bytes: { ...bytes, total, afterVacuum: grown(vacuumed, historyObjects, 'pageBytes') },
      payloadBytes: {
        contributions: grown(written, contributionObjects, 'payloadBytes'),
        deletions: grown(written, deletionObjects, 'payloadBytes'),
      },
      bytesPerContributionRow: round(bytes.contributions / recorded.rows.length),
      bytesPerDeletionRow: round(bytes.deletions / recorded.deletions.length),
      bytesPer1000Edits: round((total * 1000) / updates.length),
      bytesPerHourOfTyping: Math.round(total / hours),
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const parts = new Set((process.argv[3] ?? '1,2,3').split(','));
const updates = authorUpdates();
if (parts.has('1')) measureKeystrokePath(updates);
if (parts.has('2')) await measureVersions(updates);
if (parts.has('3'))
  for (const editsPerMinute of [180, 60]) await measureContributions(updates, editsPerMinute);

/**
 * What loading a long chapter from storage costs the server (not a test; run by hand):
 *   cd server && nice -n 10 node --import tsx test/measure/load-costs.ts [--trace-gc]
 * Writes the automerge-paper trace (104,852 chars) as two compacted chapters into a real SQLite
 * file, then, as the bench's cold-load scenario does after a restart, loads one chapter and then
 * the other into Rooms in a fresh child process; prints each load's parts in ms.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import * as Y from 'yjs';
import type { DocName } from '@wethink/shared';
import { SqliteDocumentStore } from '../../src/storage/sqlite-store';
import { Room } from '../../src/sync/room';
import { measureRoomDeps } from './measure-room-deps';

const names = ['paper/copy', 'paper/chapter'] as DocName[];
const print = (line: string): void => void process.stdout.write(`${line}\n`);
const self = fileURLToPath(import.meta.url);

async function writeChapters(file: string): Promise<void> {
  const tracePath = path.resolve(path.dirname(self), '../../../bench/traces/automerge-paper.json.gz');
  const trace = JSON.parse(gunzipSync(fs.readFileSync(tracePath)).toString('utf8')) as {
    txns: { patches: [number, number, string][] }[];
  };
  const doc = new Y.Doc();
  const text = doc.getText('chapter');
  for (const txn of trace.txns) {
    doc.transact(() => {
      for (const [at, deleted, inserted] of txn.patches) {
        if (deleted > 0) text.delete(at, deleted);
        if (inserted) text.insert(at, inserted);
      }
    });
  }
  const store = SqliteDocumentStore.open(file);
  for (const name of names) {
    const seq = await store.appendUpdates(name, [Y.encodeStateAsUpdate(doc)]);
    await store.compact(name, Y.encodeStateAsUpdate(doc), seq);
  }
  await store.close();
}

async function loadChapters(file: string): Promise<void> {
  const store = SqliteDocumentStore.open(file);
  const deps = measureRoomDeps(store, { hasHistory: true, isFsynced: true });
  const { history } = deps;
  for (const name of names) {
    let at = performance.now();
    const lap = (): string => {
      const ms = performance.now() - at;
      at = performance.now();
      return ms.toFixed(1);
    };
    const stored = await store.load(name);
    const loadMs = lap();
    const room = new Room(name, stored, deps);
    const roomMs = lap();
    // A compacted chapter is served before its live document is built: that comes on first need.
    room.doc.getXmlFragment('prosemirror');
    const applyMs = lap();
    await history?.flush();
    print(`${name}: load ${loadMs} ms, Room ${roomMs} ms, live document ${applyMs} ms (+${lap()} ms async)`);
  }
  await store.close();
}

if (process.argv[2] === '--child') {
  await loadChapters(process.argv[3]!);
} else {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'load-costs-')), 'wethink.sqlite');
  await writeChapters(file);
  const flags = process.argv.slice(2);
  for (let run = 1; run <= 3; run += 1) {
    print(`run ${run}, load ${os.loadavg().map((l) => l.toFixed(2))}`);
    spawnSync(process.execPath, [...flags, '--import', 'tsx', self, '--child', file], { stdio: 'inherit' });
  }
}

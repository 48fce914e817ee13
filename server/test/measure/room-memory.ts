/**
 * Heap per loaded chapter, without connections (not a test; run by hand):
 *   cd server && node --expose-gc --import tsx test/measure/room-memory.ts [ydoc|room|room+history]
 * 500 chapters of 2,000 characters, each typed by one author in 100 updates of 20 characters, are
 * loaded from a memory store as bare Y.Docs, as Rooms, or as Rooms with history attached; prints
 * the heap they keep per chapter after full GCs. The bench's "RSS per loaded chapter" also holds
 * each chapter's first connection and the heap headroom left by the typing that built it.
 */
import * as Y from 'yjs';
import { chapterFragment, type DocName } from '@wethink/shared';
import { MemoryDocumentStore } from '../../src/storage/memory-store';
import { Room } from '../../src/sync/room';
import { measureRoomDeps } from './measure-room-deps';

const CHAPTERS = 500;
const mode = process.argv[2] ?? 'room+history';
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const heapUsed = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

function typedChapter(): Uint8Array[] {
  const doc = new Y.Doc();
  const updates: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => updates.push(update));
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  doc.transact(() => {
    chapterFragment(doc).insert(0, [paragraph]);
    paragraph.insert(0, [text]);
  });
  for (let i = 0; i < 100; i += 1) text.insert(text.length, 'lorem ipsum dolor si');
  return updates;
}

const store = new MemoryDocumentStore();
const names = Array.from({ length: CHAPTERS }, (_, i) => `book/ch-${i}` as DocName);
for (const name of names) for (const update of typedChapter()) await store.appendUpdates(name, [update]);
const stored = await Promise.all(names.map((name) => store.load(name)));
const deps = measureRoomDeps(store, { hasHistory: mode === 'room+history', isFsynced: false });

const before = heapUsed();
const kept: unknown[] = names.map((name, i) => {
  const document = stored[i]!;
  if (mode === 'ydoc') {
    const doc = new Y.Doc();
    Y.transact(doc, () => {
      for (const update of document.updates) Y.applyUpdate(doc, update);
    });
    return doc;
  }
  return new Room(name, document, deps);
});
await new Promise((resolve) => setTimeout(resolve, 100));
const perChapter = (heapUsed() - before) / kept.length / 1024;
process.stdout.write(`${mode}: ${perChapter.toFixed(1)} KiB of heap per loaded chapter (${kept.length})\n`);
process.exit(0);

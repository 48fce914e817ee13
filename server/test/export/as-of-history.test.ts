import path from 'node:path';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocName } from '@wethink/shared';
import { createStoreBookSource } from '../../src/export/book-source';
import { pickChapters } from '../../src/export/chapter-selection';
import { encodeVersion } from '../../src/history/version-chain';
import type { DocumentStore } from '../../src/storage/document-store';
import { MemoryDocumentStore } from '../../src/storage/memory-store';
import { PostgresDocumentStore } from '../../src/storage/postgres-document-store';
import { SqliteDocumentStore } from '../../src/storage/sqlite-store';
import { makeTempDir } from '../start-test-server';
import { usePostgresDatabase } from '../support/postgres-database';

const T0 = Date.parse('2026-12-01T10:00:00Z');
const min = (n: number) => T0 + n * 60_000;
const AS_OF = min(5) + 30_000;

/** Saves a version of `name` with `text` (or the text of `doc`) at `atMs`, as history stores one. */
async function version(
  store: DocumentStore,
  name: DocName,
  text: string,
  atMs: number,
  doc = new Y.Doc({ gc: false }),
): Promise<number> {
  doc.getText('t').insert(0, text);
  const meta = await store.saveVersion({
    doc: name,
    kind: 'auto',
    name: null,
    createdAt: atMs,
    createdBy: null,
    ...(await encodeVersion(Y.encodeStateAsUpdateV2(doc), null)),
    snapshot: Y.encodeSnapshotV2(Y.snapshot(doc)),
  });
  return meta.id;
}

/** Records an edit by Olive in the minute starting at `minuteMs`. */
const edit = (store: DocumentStore, name: DocName, minuteMs: number) =>
  store.recordContributions(
    [
      {
        doc: name,
        userId: 'olive',
        minuteMs,
        charsInserted: 5,
        charsDeleted: 0,
        wordsAdded: 1,
        wordsRemoved: 0,
      },
    ],
    [],
  );

/**
 * Four chapters around 10:05:30: (a) edited before and after it, first saved at 10:10; (b) edited
 * only before it, first saved at 10:10; (c) saved at 10:01, edited at 10:03, saved again at 10:10;
 * (d) like c but edited at 10:07 too; (e) saved at 10:01 and unchanged since, though an edit was
 * recorded in the minute from 10:05 (another of its Yjs documents, say: the minute alone cannot tell).
 */
async function seed(store: DocumentStore) {
  const name = (id: string) => `book/${id}` as DocName;
  await edit(store, name('a'), min(2));
  await edit(store, name('a'), min(9));
  const a1 = await version(store, name('a'), 'a at 10:10', min(10));
  await edit(store, name('b'), min(2));
  const b1 = await version(store, name('b'), 'b at 10:10', min(10));
  const c0 = await version(store, name('c'), 'c at 10:01', min(1));
  await edit(store, name('c'), min(3));
  const c1 = await version(store, name('c'), 'c at 10:10', min(10));
  const d0 = await version(store, name('d'), 'd at 10:01', min(1));
  await edit(store, name('d'), min(3));
  await edit(store, name('d'), min(7));
  await version(store, name('d'), 'd at 10:10', min(10));
  const e = new Y.Doc({ gc: false });
  const e0 = await version(store, name('e'), 'e at 10:01', min(1), e);
  await store.appendUpdates(name('e'), [Y.encodeStateAsUpdate(e)]);
  await edit(store, name('e'), min(5));
  return { a1, b1, c0, c1, d0, e0 };
}

function asOfContract(label: string, open: () => Promise<DocumentStore>) {
  describe(`the book as of a time, from history (${label})`, () => {
    it('takes a later version when no edit came between, and says so when edits are missing', async () => {
      const store = await open();
      const ids = await seed(store);
      const chapters = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id, title: `Chapter ${id}` }));
      const { picks, notes } = await pickChapters({
        source: createStoreBookSource(store),
        bookId: 'book',
        chapters,
        selection: { kind: 'as-of', at: new Date(AS_OF) },
        exportedAt: new Date(min(60)),
      });
      expect(picks.map((pick) => [pick.entry.id, pick.version?.id])).toEqual([
        ['b', ids.b1],
        ['c', ids.c1],
        ['d', ids.d0],
        ['e', ids.e0],
      ]);
      expect(notes).toEqual([
        'Text: the book as of 2026-12-01T10:05:30Z',
        'Left out: \u201cChapter a\u201d had no saved text at that time',
        '\u201cChapter d\u201d: as saved at 2026-12-01T10:01:00Z; edits made between then and 2026-12-01T10:05:30Z may be missing (no saved version holds them)',
      ]);
      const text = await createStoreBookSource(store).readVersion(`book/c` as DocName, ids.c1, (copy) =>
        copy.doc.getText('t').toString(),
      );
      expect(text).toBe('c at 10:10');
      await store.close();
    });

    it('does not trust a later version whose edits may not be recorded yet', async () => {
      const store = await open();
      const ids = await seed(store);
      const { picks } = await pickChapters({
        source: createStoreBookSource(store),
        bookId: 'book',
        chapters: [{ id: 'c', title: 'Chapter c' }],
        selection: { kind: 'as-of', at: new Date(AS_OF) },
        exportedAt: new Date(min(11)),
      });
      expect(picks.map((pick) => pick.version?.id)).toEqual([ids.c0]);
      await store.close();
    });
  });
}

asOfContract('memory', async () => new MemoryDocumentStore());
asOfContract('SQLite', async () => SqliteDocumentStore.open(path.join(makeTempDir(), 'wethink.sqlite')));

describe('on PostgreSQL', () => {
  const db = usePostgresDatabase();
  asOfContract('PostgreSQL', async () => {
    await db().query(
      'TRUNCATE doc_heads, updates, documents, client_owners, contributions, deletions, versions RESTART IDENTITY',
    );
    // The store's close would end the shared pool: each test's store is left to the file's pool.
    return Object.assign(new PostgresDocumentStore(db()), { close: () => Promise.resolve() });
  });
});

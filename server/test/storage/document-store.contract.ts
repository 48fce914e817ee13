import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocName } from '@wethink/shared';
import type { DocumentStore, StoredDocument } from '../../src/storage/document-store';

/** A store under test; `reopen` closes nothing itself and is present only for stores that persist. */
export interface StoreHandle {
  store: DocumentStore;
  /** Opens a fresh instance on the same backing data (after the test closed `store`). */
  reopen?: () => DocumentStore | Promise<DocumentStore>;
}

const doc = (name: string): DocName => name as DocName;

/** A real Yjs update: `text` appended to `t` by a doc that first received `base`. */
function textUpdate(base: Y.Doc, text: string): Uint8Array {
  const before = Y.encodeStateVector(base);
  base.getText('t').insert(base.getText('t').length, text);
  return Y.encodeStateAsUpdate(base, before);
}

function textOf(stored: StoredDocument): string {
  const ydoc = new Y.Doc();
  if (stored.state) Y.applyUpdate(ydoc, stored.state);
  for (const update of stored.updates) Y.applyUpdate(ydoc, update);
  return ydoc.getText('t').toString();
}

/**
 * The behaviour every `DocumentStore` promises the sync layer (see document-store.ts). Run it once
 * per implementation; each test gets a fresh store from `makeStore` and closes it afterwards.
 */
export function documentStoreContract(
  name: string,
  makeStore: () => StoreHandle | Promise<StoreHandle>,
): void {
  describe(`DocumentStore contract: ${name}`, () => {
    let handle: StoreHandle;
    let store: DocumentStore;
    const opened: DocumentStore[] = [];

    beforeEach(async () => {
      handle = await makeStore();
      store = handle.store;
      opened.push(store);
    });

    afterEach(async () => {
      for (const each of opened.splice(0)) await each.close();
    });

    async function reopen(): Promise<DocumentStore> {
      if (!handle.reopen) throw new Error(`${name} does not persist`);
      await store.close();
      store = await handle.reopen();
      opened.push(store);
      return store;
    }

    it('loads a document never written as an empty log', async () => {
      expect(await store.load(doc('never/written'))).toEqual({
        state: null,
        updates: [],
        lastSeq: 0,
        clientOwners: new Map(),
        isChecked: true,
      });
    });

    it('loads appended updates in append order, byte for byte, with the last seq', async () => {
      const updates = [Uint8Array.of(1), Uint8Array.of(2, 2), Uint8Array.of(3, 3, 3), new Uint8Array(0)];
      const seqs: number[] = [];
      for (const update of updates) seqs.push(await store.appendUpdates(doc('book/ch-1'), [update]));
      const loaded = await store.load(doc('book/ch-1'));
      expect(loaded.state).toBeNull();
      expect(loaded.updates).toEqual(updates);
      expect(loaded.lastSeq).toBe(seqs.at(-1));
    });

    it('stores exactly the bytes of a view into a larger buffer', async () => {
      const frame = Uint8Array.of(0, 2, 3, 7, 8, 9, 99, 99);
      await store.appendUpdates(doc('views'), [frame.subarray(3, 6)]);
      expect((await store.load(doc('views'))).updates).toEqual([Uint8Array.of(7, 8, 9)]);
    });

    it('keeps what was appended even if the caller reuses its buffer', async () => {
      const buffer = Uint8Array.of(1, 2, 3);
      await store.appendUpdates(doc('reuse'), [buffer]);
      buffer.fill(0);
      expect((await store.load(doc('reuse'))).updates).toEqual([Uint8Array.of(1, 2, 3)]);
    });

    it('numbers each document’s appends with strictly increasing seqs, interleaved with others', async () => {
      const seqs = new Map<number, number[]>();
      for (let i = 0; i < 20; i++) {
        const seq = await store.appendUpdates(doc(`seq/${i % 3}`), [Uint8Array.of(i)]);
        seqs.set(i % 3, [...(seqs.get(i % 3) ?? []), seq]);
      }
      for (const list of seqs.values()) {
        expect(list[0]).toBeGreaterThan(0);
        for (let i = 1; i < list.length; i++) expect(list[i]!, `seq ${i}`).toBeGreaterThan(list[i - 1]!);
      }
    });

    it('appends a batch in order, seqs after earlier appends, and returns the last seq', async () => {
      const ydoc = new Y.Doc();
      const name = doc('batch/ch-1');
      const first = await store.appendUpdates(name, [textUpdate(ydoc, 'one ')]);
      const batch = [textUpdate(ydoc, 'two '), textUpdate(ydoc, 'three '), textUpdate(ydoc, 'four')];
      const last = await store.appendUpdates(name, batch);
      expect(last).toBeGreaterThan(first);
      const next = await store.appendUpdates(name, [textUpdate(ydoc, '!')]);
      expect(next).toBeGreaterThan(last);
      const loaded = await store.load(name);
      expect(loaded.updates.slice(1, 4)).toEqual(batch);
      expect(loaded.lastSeq).toBe(next);
      expect(textOf(loaded)).toBe('one two three four!');
      // Compacting through the batch's last seq folds the whole batch.
      await store.compact(name, Y.encodeStateAsUpdate(ydoc), last);
      expect((await store.load(name)).updates).toHaveLength(1);
    });

    it('stores none of a batch when any of it fails, and stays usable', async () => {
      const ydoc = new Y.Doc();
      const name = doc('batch/atomic');
      const kept = textUpdate(ydoc, 'kept ');
      await store.appendUpdates(name, [kept]);
      const bad = [textUpdate(ydoc, 'lost '), null as unknown as Uint8Array];
      await expect(store.appendUpdates(name, bad)).rejects.toThrow();
      expect((await store.load(name)).updates).toEqual([kept]);
      const after = Uint8Array.of(0, 0);
      const seq = await store.appendUpdates(name, [after, after]);
      const loaded = await store.load(name);
      expect(loaded.updates).toEqual([kept, after, after]);
      expect(loaded.lastSeq).toBe(seq);
    });

    it('refuses an empty batch with a RangeError', async () => {
      await expect(store.appendUpdates(doc('batch/empty'), [])).rejects.toThrow(RangeError);
    });

    it('replaces the log through the given seq with the state and keeps later appends', async () => {
      const ydoc = new Y.Doc();
      const name = doc('compact/me');
      await store.appendUpdates(name, [textUpdate(ydoc, 'one ')]);
      const through = await store.appendUpdates(name, [textUpdate(ydoc, 'two ')]);
      const state = Y.encodeStateAsUpdate(ydoc);
      // Appended while the compaction was being prepared: must survive it.
      const later = textUpdate(ydoc, 'three');
      const laterSeq = await store.appendUpdates(name, [later]);
      await store.compact(name, state, through);
      const loaded = await store.load(name);
      expect(loaded.state).toEqual(state);
      expect(loaded.updates).toEqual([later]);
      expect(loaded.lastSeq).toBe(laterSeq);
      expect(textOf(loaded)).toBe('one two three');
    });

    it('reports the compaction seq as last seq when nothing was appended since', async () => {
      const ydoc = new Y.Doc();
      const name = doc('compact/all');
      await store.appendUpdates(name, [textUpdate(ydoc, 'a')]);
      const through = await store.appendUpdates(name, [textUpdate(ydoc, 'b')]);
      await store.compact(name, Y.encodeStateAsUpdate(ydoc), through);
      const loaded = await store.load(name);
      expect(loaded.updates).toEqual([]);
      expect(loaded.lastSeq).toBe(through);
      expect(textOf(loaded)).toBe('ab');
    });

    it('lets a second compaction replace the first and keeps seqs increasing', async () => {
      const ydoc = new Y.Doc();
      const name = doc('compact/twice');
      const first = await store.appendUpdates(name, [textUpdate(ydoc, 'x')]);
      await store.compact(name, Y.encodeStateAsUpdate(ydoc), first);
      const second = await store.appendUpdates(name, [textUpdate(ydoc, 'y')]);
      expect(second).toBeGreaterThan(first);
      await store.compact(name, Y.encodeStateAsUpdate(ydoc), second);
      const third = await store.appendUpdates(name, [textUpdate(ydoc, 'z')]);
      expect(third).toBeGreaterThan(second);
      const loaded = await store.load(name);
      expect(loaded.updates).toHaveLength(1);
      expect(loaded.lastSeq).toBe(third);
      expect(textOf(loaded)).toBe('xyz');
    });

    it('keeps many documents apart, including names that prefix each other', async () => {
      const names = ['a', 'a/b', 'a/b/c', 'ab', 'A', 'a_b', 'a-b'].map(doc);
      const ydocs = new Map(names.map((name) => [name, new Y.Doc()]));
      for (let round = 0; round < 3; round++) {
        for (const name of names)
          await store.appendUpdates(name, [textUpdate(ydocs.get(name)!, `${name}#${round};`)]);
      }
      await store.compact(
        names[1]!,
        Y.encodeStateAsUpdate(ydocs.get(names[1]!)!),
        await store.appendUpdates(names[1]!, [new Uint8Array(0)]),
      );
      for (const name of names) {
        const loaded = await store.load(name);
        expect(textOf(loaded), name).toBe(`${name}#0;${name}#1;${name}#2;`);
        if (name !== names[1]) {
          expect(loaded.state, name).toBeNull();
          expect(loaded.updates, name).toHaveLength(3);
        }
      }
    });

    it('resolves sync, and sync after appends', async () => {
      await expect(store.sync()).resolves.toBeUndefined();
      await store.appendUpdates(doc('synced'), [Uint8Array.of(1)]);
      await expect(store.sync()).resolves.toBeUndefined();
    });

    it('survives close and reopen with log, state and seq order intact', async (ctx) => {
      if (!handle.reopen) ctx.skip();
      const ydoc = new Y.Doc();
      const name = doc('durable/ch-1');
      await store.appendUpdates(name, [textUpdate(ydoc, 'kept ')]);
      const through = await store.appendUpdates(name, [textUpdate(ydoc, 'compacted ')]);
      await store.compact(name, Y.encodeStateAsUpdate(ydoc), through);
      const tail = textUpdate(ydoc, 'tail');
      const tailSeq = await store.appendUpdates(name, [tail]);
      await store.appendUpdates(doc('durable/other'), [textUpdate(new Y.Doc(), 'other')]);
      const before = await store.load(name);

      const reopened = await reopen();
      const after = await reopened.load(name);
      expect(after).toEqual(before);
      expect(after.updates).toEqual([tail]);
      expect(after.lastSeq).toBe(tailSeq);
      expect(textOf(after)).toBe('kept compacted tail');
      expect(textOf(await reopened.load(doc('durable/other')))).toBe('other');
      expect(await reopened.appendUpdates(name, [Uint8Array.of(0, 0)])).toBeGreaterThan(tailSeq);
    });

    it('loads client bindings with the document; the first principal of a client id wins', async () => {
      const name = doc('bound/ch-1');
      await store.bindClients(name, [11, 12], 'user:ann');
      await store.bindClients(name, [12, 13], 'user:bob');
      await store.bindClients(doc('bound/ch-2'), [11], 'user:bob');
      expect((await store.load(name)).clientOwners).toEqual(
        new Map([
          [11, 'user:ann'],
          [12, 'user:ann'],
          [13, 'user:bob'],
        ]),
      );
      expect((await store.load(doc('bound/ch-2'))).clientOwners).toEqual(new Map([[11, 'user:bob']]));
    });

    it('adds contribution counts per (chapter, user, minute) and lists them by chapter or book and time', async () => {
      const row = (name: string, userId: string, minuteMs: number, n: number) => ({
        doc: doc(name),
        userId,
        minuteMs,
        charsInserted: n,
        charsDeleted: 1,
        wordsAdded: 2,
        wordsRemoved: 0,
      });
      await store.recordContributions(
        [row('bk/ch-1', 'ann', 60_000, 5), row('bk/ch-2', 'ann', 60_000, 7)],
        [],
      );
      await store.recordContributions(
        [row('bk/ch-1', 'ann', 60_000, 3), row('bk/ch-1', 'bob', 120_000, 1)],
        [],
      );
      await store.recordContributions([row('bk2/ch-1', 'ann', 60_000, 100)], []);
      const chapter = await store.listContributions({ scope: { doc: doc('bk/ch-1') }, fromMs: 0, toMs: 1e9 });
      expect(chapter).toEqual([
        { ...row('bk/ch-1', 'ann', 60_000, 8), charsDeleted: 2, wordsAdded: 4 },
        row('bk/ch-1', 'bob', 120_000, 1),
      ]);
      const book = await store.listContributions({ scope: { bookId: 'bk' }, fromMs: 0, toMs: 120_000 });
      expect(book.map((r) => [r.doc, r.charsInserted]).sort()).toEqual([
        ['bk/ch-1', 8],
        ['bk/ch-2', 7],
      ]);
    });

    it('keeps deletion records per chapter in order, byte for byte', async () => {
      const deletion = (name: string, userId: string, bytes: number[]) => ({
        doc: doc(name),
        userId,
        atMs: 5,
        ranges: Uint8Array.from(bytes),
      });
      await store.recordContributions(
        [],
        [deletion('del/ch', 'ann', [1, 2]), deletion('del/other', 'bob', [3])],
      );
      await store.recordContributions([], [deletion('del/ch', 'bob', [4, 5, 6])]);
      expect(await store.listDeletions(doc('del/ch'))).toEqual([
        deletion('del/ch', 'ann', [1, 2]),
        deletion('del/ch', 'bob', [4, 5, 6]),
      ]);
    });

    it('stores versions with increasing ids, lists them without state, loads one and the latest', async () => {
      const version = (name: string, kind: 'auto' | 'named', bytes: number[]) => ({
        doc: doc(name),
        kind,
        name: kind === 'named' ? 'Draft 1' : null,
        createdAt: 1000,
        createdBy: kind === 'named' ? 'ann' : null,
        state: Uint8Array.from(bytes),
        snapshot: Uint8Array.of(9),
        // The store keeps chain links as given; history decides what they mean.
        baseId: kind === 'named' ? 7 : null,
        depth: kind === 'named' ? 1 : 0,
      });
      expect(await store.latestVersion(doc('ver/ch-1'))).toBeNull();
      const first = await store.saveVersion(version('ver/ch-1', 'auto', [1, 2, 3]));
      const other = await store.saveVersion(version('ver/ch-2', 'auto', [7]));
      const second = await store.saveVersion(version('ver/ch-1', 'named', [4, 5]));
      expect(second.id).toBeGreaterThan(first.id);
      expect(first).toEqual({
        ...version('ver/ch-1', 'auto', []),
        state: undefined,
        snapshot: undefined,
        id: first.id,
        stateBytes: 3,
      });
      const { state: _s, snapshot: _n, ...secondMeta } = version('ver/ch-1', 'named', [4, 5]);
      expect(await store.listVersions(doc('ver/ch-1'))).toEqual([
        first,
        { ...secondMeta, id: second.id, stateBytes: 2 },
      ]);
      expect(await store.loadVersion(doc('ver/ch-1'), first.id)).toEqual({
        ...first,
        state: Uint8Array.of(1, 2, 3),
        snapshot: Uint8Array.of(9),
      });
      expect(await store.loadVersion(doc('ver/ch-1'), other.id)).toBeNull();
      expect((await store.latestVersion(doc('ver/ch-1')))?.id).toBe(second.id);
    });

    it('lists the chapters of a book, not of books whose ids it prefixes', async () => {
      await store.appendUpdates(doc('bk_1/a'), [Uint8Array.of(0, 0)]);
      await store.appendUpdates(doc('bk_1/b'), [Uint8Array.of(0, 0)]);
      await store.appendUpdates(doc('bk_10/a'), [Uint8Array.of(0, 0)]);
      await store.appendUpdates(doc('bk_1'), [Uint8Array.of(0, 0)]);
      await store.saveVersion({
        doc: doc('bk_1/c'),
        kind: 'auto',
        name: null,
        createdAt: 1,
        createdBy: null,
        state: Uint8Array.of(1),
        snapshot: Uint8Array.of(1),
        baseId: null,
        depth: 0,
      });
      expect(await store.listChapters('bk_1')).toEqual(['bk_1/a', 'bk_1/b', 'bk_1/c']);
    });

    it('keeps history (bindings, contributions, versions) across a reopen', async (ctx) => {
      if (!handle.reopen) ctx.skip();
      const name = doc('hist/ch-1');
      await store.bindClients(name, [42], 'user:ann');
      const row = {
        doc: name,
        userId: 'ann',
        minuteMs: 0,
        charsInserted: 1,
        charsDeleted: 0,
        wordsAdded: 1,
        wordsRemoved: 0,
      };
      await store.recordContributions(
        [row],
        [{ doc: name, userId: 'ann', atMs: 0, ranges: Uint8Array.of(1) }],
      );
      const saved = await store.saveVersion({
        doc: name,
        kind: 'named',
        name: 'kept',
        createdAt: 1,
        createdBy: 'ann',
        state: Uint8Array.of(1, 2),
        snapshot: Uint8Array.of(3),
        baseId: null,
        depth: 0,
      });
      const reopened = await reopen();
      expect((await reopened.load(name)).clientOwners).toEqual(new Map([[42, 'user:ann']]));
      expect(await reopened.listContributions({ scope: { doc: name }, fromMs: 0, toMs: 1 })).toEqual([row]);
      expect(await reopened.listDeletions(name)).toHaveLength(1);
      expect(await reopened.listVersions(name)).toEqual([saved]);
    });

    it('keeps updates that were appended but never synced or compacted across a reopen', async (ctx) => {
      if (!handle.reopen) ctx.skip();
      const updates = [Uint8Array.of(5), Uint8Array.of(6)];
      for (const update of updates) await store.appendUpdates(doc('unsynced'), [update]);
      const reopened = await reopen();
      expect((await reopened.load(doc('unsynced'))).updates).toEqual(updates);
    });
  });
}

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
      expect(await store.load(doc('never/written'))).toEqual({ state: null, updates: [], lastSeq: 0 });
    });

    it('loads appended updates in append order, byte for byte, with the last seq', async () => {
      const updates = [Uint8Array.of(1), Uint8Array.of(2, 2), Uint8Array.of(3, 3, 3), new Uint8Array(0)];
      const seqs = updates.map((update) => store.appendUpdate(doc('book/ch-1'), update));
      const loaded = await store.load(doc('book/ch-1'));
      expect(loaded.state).toBeNull();
      expect(loaded.updates).toEqual(updates);
      expect(loaded.lastSeq).toBe(seqs.at(-1));
    });

    it('stores exactly the bytes of a view into a larger buffer', async () => {
      const frame = Uint8Array.of(0, 2, 3, 7, 8, 9, 99, 99);
      store.appendUpdate(doc('views'), frame.subarray(3, 6));
      expect((await store.load(doc('views'))).updates).toEqual([Uint8Array.of(7, 8, 9)]);
    });

    it('keeps what was appended even if the caller reuses its buffer', async () => {
      const buffer = Uint8Array.of(1, 2, 3);
      store.appendUpdate(doc('reuse'), buffer);
      buffer.fill(0);
      expect((await store.load(doc('reuse'))).updates).toEqual([Uint8Array.of(1, 2, 3)]);
    });

    it('numbers appends with strictly increasing seqs, across documents too', async () => {
      const seqs: number[] = [];
      for (let i = 0; i < 20; i++) seqs.push(store.appendUpdate(doc(`seq/${i % 3}`), Uint8Array.of(i)));
      for (let i = 1; i < seqs.length; i++) expect(seqs[i]!, `seq ${i}`).toBeGreaterThan(seqs[i - 1]!);
      expect(seqs[0]).toBeGreaterThan(0);
    });

    it('replaces the log through the given seq with the state and keeps later appends', async () => {
      const ydoc = new Y.Doc();
      const name = doc('compact/me');
      store.appendUpdate(name, textUpdate(ydoc, 'one '));
      const through = store.appendUpdate(name, textUpdate(ydoc, 'two '));
      const state = Y.encodeStateAsUpdate(ydoc);
      // Appended while the compaction was being prepared: must survive it.
      const later = textUpdate(ydoc, 'three');
      const laterSeq = store.appendUpdate(name, later);
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
      store.appendUpdate(name, textUpdate(ydoc, 'a'));
      const through = store.appendUpdate(name, textUpdate(ydoc, 'b'));
      await store.compact(name, Y.encodeStateAsUpdate(ydoc), through);
      const loaded = await store.load(name);
      expect(loaded.updates).toEqual([]);
      expect(loaded.lastSeq).toBe(through);
      expect(textOf(loaded)).toBe('ab');
    });

    it('lets a second compaction replace the first and keeps seqs increasing', async () => {
      const ydoc = new Y.Doc();
      const name = doc('compact/twice');
      const first = store.appendUpdate(name, textUpdate(ydoc, 'x'));
      await store.compact(name, Y.encodeStateAsUpdate(ydoc), first);
      const second = store.appendUpdate(name, textUpdate(ydoc, 'y'));
      expect(second).toBeGreaterThan(first);
      await store.compact(name, Y.encodeStateAsUpdate(ydoc), second);
      const third = store.appendUpdate(name, textUpdate(ydoc, 'z'));
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
        for (const name of names) store.appendUpdate(name, textUpdate(ydocs.get(name)!, `${name}#${round};`));
      }
      await store.compact(
        names[1]!,
        Y.encodeStateAsUpdate(ydocs.get(names[1]!)!),
        store.appendUpdate(names[1]!, new Uint8Array(0)),
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
      store.appendUpdate(doc('synced'), Uint8Array.of(1));
      await expect(store.sync()).resolves.toBeUndefined();
    });

    it('survives close and reopen with log, state and seq order intact', async (ctx) => {
      if (!handle.reopen) ctx.skip();
      const ydoc = new Y.Doc();
      const name = doc('durable/ch-1');
      store.appendUpdate(name, textUpdate(ydoc, 'kept '));
      const through = store.appendUpdate(name, textUpdate(ydoc, 'compacted '));
      await store.compact(name, Y.encodeStateAsUpdate(ydoc), through);
      const tail = textUpdate(ydoc, 'tail');
      const tailSeq = store.appendUpdate(name, tail);
      store.appendUpdate(doc('durable/other'), textUpdate(new Y.Doc(), 'other'));
      const before = await store.load(name);

      const reopened = await reopen();
      const after = await reopened.load(name);
      expect(after).toEqual(before);
      expect(after.updates).toEqual([tail]);
      expect(after.lastSeq).toBe(tailSeq);
      expect(textOf(after)).toBe('kept compacted tail');
      expect(textOf(await reopened.load(doc('durable/other')))).toBe('other');
      expect(reopened.appendUpdate(name, Uint8Array.of(0, 0))).toBeGreaterThan(tailSeq);
    });

    it('keeps updates that were appended but never synced or compacted across a reopen', async (ctx) => {
      if (!handle.reopen) ctx.skip();
      const updates = [Uint8Array.of(5), Uint8Array.of(6)];
      for (const update of updates) store.appendUpdate(doc('unsynced'), update);
      const reopened = await reopen();
      expect((await reopened.load(doc('unsynced'))).updates).toEqual(updates);
    });
  });
}

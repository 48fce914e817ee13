import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { DocName } from '@wethink/shared';
import type { DocumentStore } from '../../src/storage/document-store';
import type { StoreHandle } from './document-store.contract';

const doc = (name: string): DocName => name as DocName;

function update(text: string): Uint8Array {
  const ydoc = new Y.Doc();
  ydoc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(ydoc);
}

/** Everything a chapter can have stored: log, state, bindings, contributions, deletions, a version. */
async function fill(store: DocumentStore, name: DocName): Promise<void> {
  await store.appendUpdates(name, [update('a')]);
  const loaded = await store.load(name);
  await store.compact(name, loaded.updates[0]!, loaded.lastSeq);
  await store.appendUpdates(name, [update('b')]);
  await store.bindClients(name, [7], 'user:ann');
  await store.recordContributions(
    [
      {
        doc: name,
        userId: 'ann',
        minuteMs: 0,
        charsInserted: 1,
        charsDeleted: 0,
        wordsAdded: 1,
        wordsRemoved: 0,
      },
    ],
    [{ doc: name, userId: 'ann', atMs: 0, ranges: Uint8Array.of(1) }],
  );
  await store.saveVersion({
    doc: name,
    kind: 'named',
    name: 'v',
    createdAt: 1,
    createdBy: 'ann',
    state: Uint8Array.of(1),
    snapshot: Uint8Array.of(2),
    baseId: null,
    depth: 0,
  });
}

async function holdings(store: DocumentStore, name: DocName) {
  const loaded = await store.load(name);
  return {
    state: loaded.state,
    updates: loaded.updates.length,
    owners: loaded.clientOwners.size,
    contributions: (await store.listContributions({ scope: { doc: name }, fromMs: 0, toMs: 1e15 })).length,
    deletions: (await store.listDeletions(name)).length,
    versions: (await store.listVersions(name)).length,
  };
}

const EMPTY = { state: null, updates: 0, owners: 0, contributions: 0, deletions: 0, versions: 0 };

/** `purgeDocuments` (DocumentPurge): gone for good, and only what was named. */
export function documentPurgeContract(
  name: string,
  makeStore: () => StoreHandle | Promise<StoreHandle>,
): void {
  describe(`DocumentPurge contract: ${name}`, () => {
    let handle: StoreHandle;
    let store: DocumentStore;

    beforeEach(async () => {
      handle = await makeStore();
      store = handle.store;
    });
    afterEach(async () => store.close());

    it('removes every row of the named documents and leaves the others whole', async () => {
      await fill(store, doc('pb/gone'));
      await fill(store, doc('pb/gone/comments'));
      await fill(store, doc('pb/kept'));
      const kept = await holdings(store, doc('pb/kept'));
      await store.purgeDocuments([doc('pb/gone'), doc('pb/gone/comments')]);
      expect(await holdings(store, doc('pb/gone'))).toEqual(EMPTY);
      expect(await holdings(store, doc('pb/gone/comments'))).toEqual(EMPTY);
      expect(await holdings(store, doc('pb/kept'))).toEqual(kept);
      expect(await store.listChapters('pb')).toEqual(['pb/kept']);
      expect(await store.listDocuments()).not.toContain('pb/gone');
    });

    it("never brings a purged name's content back: a later write is refused or starts from nothing", async () => {
      await fill(store, doc('pb/again'));
      await store.purgeDocuments([doc('pb/again'), doc('pb/never')]);
      // A store several instances share keeps a tombstone (an instance may still hold the
      // document loaded); a store one process owns may let the name start again.
      const refused = await store.appendUpdates(doc('pb/again'), [update('new')]).then(
        () => false,
        (error: unknown) => {
          expect(error).toMatchObject({ code: 'document-not-found' });
          return true;
        },
      );
      const loaded = await store.load(doc('pb/again'));
      const ydoc = new Y.Doc();
      for (const each of loaded.updates) Y.applyUpdate(ydoc, each);
      expect(loaded.state).toBeNull();
      expect(ydoc.getText('t').toString()).toBe(refused ? '' : 'new');
      if (refused) {
        await expect(store.compact(doc('pb/again'), Y.encodeStateAsUpdate(ydoc), 1)).rejects.toMatchObject({
          code: 'document-not-found',
        });
        expect(await store.listDocuments()).not.toContain('pb/again');
      }
    });

    it('stays purged across a reopen', async (ctx) => {
      if (!handle.reopen) ctx.skip();
      await fill(store, doc('pb/durable'));
      await store.purgeDocuments([doc('pb/durable')]);
      await store.close();
      store = await handle.reopen!();
      expect(await holdings(store, doc('pb/durable'))).toEqual(EMPTY);
    });
  });
}

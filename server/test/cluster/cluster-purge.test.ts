import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { addChapter, createBook, readBookIndex, trashChapter, type DocName } from '@wethink/shared';
import { untilSynced, upgradeStatus } from '../clients';
import { startCluster, type TestCluster } from '../support/cluster';
import { clientAt, clusterBook, storedDoc } from './cluster-fixture';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

// Rooms stay loaded a minute when idle: nothing but the purge unloads them.
let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startCluster(2, { ROOM_IDLE_MS: '60000' });
}, 60_000);
afterAll(async () => cluster?.stop());

describe('purging a chapter that another instance holds open', () => {
  it('closes its writer there, stores nothing of it afterwards, and refuses its names on every instance', async () => {
    const [first, second] = cluster.instances as [
      (typeof cluster.instances)[0],
      (typeof cluster.instances)[0],
    ];
    const { bookId, owner, author } = await clusterBook(cluster);
    const chapter = `${bookId}/doomed` as DocName;
    const ownerIndex = clientAt(first, owner, bookId, bookId as DocName);
    const authorIndex = clientAt(second, author, bookId, bookId as DocName);
    await Promise.all([untilSynced(ownerIndex), untilSynced(authorIndex)]);
    ownerIndex.doc.transact(() => {
      if (!readBookIndex(ownerIndex.doc).isCreated)
        createBook(ownerIndex.doc, { title: 'Purge', nowMs: 1, firstChapter: { id: 'kept', title: 'Kept' } });
      addChapter(ownerIndex.doc, { id: 'doomed', title: 'Doomed' });
    });
    await expect
      .poll(() => readBookIndex(authorIndex.doc).chapters.some((entry) => entry.id === 'doomed'))
      .toBe(true);

    // The author writes in the chapter on the second instance, and goes on writing throughout.
    const writer = clientAt(second, author, bookId, chapter);
    await untilSynced(writer);
    const closed = new Promise<number>((resolve) => {
      writer.on('connection-close', (event: { code: number } | null) => resolve(event?.code ?? 0));
    });
    let typed = 0;
    const typing = setInterval(() => {
      writer.doc.getText('t').insert(0, `word${(typed += 1)} `);
    }, 20);
    try {
      await expect
        .poll(async () => (await storedDoc(cluster, chapter)).getText('t').length)
        .toBeGreaterThan(0);
      trashChapter(authorIndex.doc, 'doomed', { nowMs: 2, userId: author.user.id });
      await expect.poll(() => readBookIndex(ownerIndex.doc).trash.length).toBe(1);

      const response = await owner.at(first.url).request('DELETE', `/api/books/${bookId}/trash/doomed`);
      expect(response.status).toBe(204);
      // The second instance learns it from the index and closes its writer: 4404, not a retry.
      expect(await closed).toBe(4404);
    } finally {
      clearInterval(typing);
      writer.destroy();
    }
    // Whatever the writer sent around the purge, nothing of the chapter is stored now or later.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const stored = await storedDoc(cluster, chapter);
    expect(stored.getText('t').length).toBe(0);
    expect(Y.encodeStateVector(stored)).toEqual(Y.encodeStateVector(new Y.Doc()));
    for (const instance of [first, second]) {
      const token = await author.at(instance.url).connectionToken(bookId);
      expect(await upgradeStatus(`${instance.syncUrl}/${chapter}?token=${token}`)).toBe(404);
    }
    expect(typed).toBeGreaterThan(0);
    ownerIndex.destroy();
    authorIndex.destroy();
  });
});

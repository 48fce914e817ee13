import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addChapter,
  createBook,
  readBookIndex,
  restoreChapter,
  trashChapter,
  type DocName,
} from '@wethink/shared';
import type { WebsocketProvider } from 'y-websocket';
import { connectProvider, untilSynced, upgradeStatus, waitFor } from '../clients';
import { paragraphText, tokensOf, untilServerText } from '../history/history-fixture';
import { bookWithMembers, type ApiUser } from '../protocol/api-user';
import { startTestServer, type TestServer } from '../start-test-server';

const name = (value: string) => value as DocName;

describe('chapter trash and purge', () => {
  let server: TestServer;
  let team: Awaited<ReturnType<typeof bookWithMembers>>;
  let bookId: string;
  const providers: WebsocketProvider[] = [];

  const open = async (user: ApiUser, doc: string) => {
    const provider = connectProvider(tokensOf(server, user, bookId), doc);
    providers.push(provider);
    await untilSynced(provider);
    return provider;
  };
  /** The book's index as the server holds it (loading it if it is not). */
  const serverIndex = async () => {
    const room = await server.registry.acquire(name(bookId));
    try {
      return readBookIndex(room.doc);
    } finally {
      server.registry.release(room);
    }
  };
  const purge = (user: ApiUser, chapterId: string) =>
    user.request('DELETE', `/api/books/${bookId}/trash/${chapterId}`);

  beforeAll(async () => {
    // Rooms stay loaded a minute when idle: a purge must not wait for that (it unloads them itself).
    server = await startTestServer({ ROOM_IDLE_MS: '60000' });
    team = await bookWithMembers(server.url);
    bookId = team.bookId;
  });
  afterAll(async () => {
    for (const provider of providers) provider.destroy();
    await server?.stop();
  });

  it('keeps a trashed chapter, its text and history; a reviewer cannot restore it; the owner purges it for good', async () => {
    const { owner, author, reviewer, reader } = team.members;
    const index = await open(author, bookId);
    createBook(index.doc, { title: 'T', nowMs: 1, firstChapter: { id: 'c1', title: 'One' } });
    addChapter(index.doc, { id: 'c2', title: 'Two' });
    const chapter = await open(author, `${bookId}/c2`);
    paragraphText(chapter.doc).insert(0, 'kept words');
    await untilServerText(server, `${bookId}/c2`, 'kept words');
    await author.json('POST', `/api/books/${bookId}/chapters/c2/versions`, { name: 'before trash' });

    trashChapter(index.doc, 'c2', { nowMs: 5, userId: author.id });
    await waitFor(() => server.registry.peek(name(bookId)) !== undefined, 'index room');
    await expect.poll(async () => (await serverIndex()).trash.map((entry) => entry.id)).toEqual(['c2']);
    expect((await serverIndex()).chapters.map((entry) => entry.id)).toEqual(['c1']);
    const versions = await author.json<{ versions: unknown[] }>(
      'GET',
      `/api/books/${bookId}/chapters/c2/versions`,
    );
    expect(versions.versions).toHaveLength(1);

    // A reviewer's copy may say "restored": the server drops a read-only member's updates.
    const watcher = await open(author, bookId);
    const reviewing = await open(reviewer, bookId);
    restoreChapter(reviewing.doc, 'c2');
    // In-order barrier: the server handles a peer's messages in order, so once the reviewer's
    // next cursor reached another member, the restore before it was handled (and dropped).
    reviewing.awareness.setLocalStateField('barrier', 1);
    await waitFor(
      () => [...watcher.awareness.getStates().values()].some((state) => state.barrier === 1),
      'the reviewer cursor after the restore',
    );
    expect((await serverIndex()).trash.map((entry) => entry.id)).toEqual(['c2']);

    expect((await purge(author, 'c2')).status).toBe(403);
    expect((await purge(reader, 'c2')).status).toBe(403);
    expect((await purge(team.stranger, 'c2')).status).toBe(404);
    expect((await purge(owner, 'c1')).status).toBe(409);
    expect((await purge(owner, 'nope')).status).toBe(404);
    expect((await server.store.load(name(`${bookId}/c2`))).lastSeq).toBeGreaterThan(0);

    // The author still has the chapter open: closed with 4404, then it is gone for good.
    const closed = new Promise<number>((resolve) =>
      chapter.ws?.addEventListener('close', (event) => resolve(event.code)),
    );
    expect((await purge(owner, 'c2')).status).toBe(204);
    expect(await closed).toBe(4404);
    chapter.destroy();
    const stored = await server.store.load(name(`${bookId}/c2`));
    expect({ state: stored.state, updates: stored.updates.length }).toEqual({ state: null, updates: 0 });
    expect(await server.store.listVersions(name(`${bookId}/c2`))).toEqual([]);
    const after = await serverIndex();
    expect([...after.chapters, ...after.trash].map((entry) => entry.id)).toEqual(['c1']);
    await waitFor(() => readBookIndex(index.doc).trash.length === 0, "the author's copy to drop it");
    expect((await purge(owner, 'c2')).status).toBe(404);
    // Its names stay refused: a connection would bring an empty chapter back into storage.
    const tokenUrl = async (doc: string) =>
      `${server.syncUrl}/${doc}?token=${await author.connectionToken(bookId)}`;
    expect(await upgradeStatus(await tokenUrl(`${bookId}/c2`))).toBe(404);
    expect(await upgradeStatus(await tokenUrl(`${bookId}/c2/comments`))).toBe(404);
    expect(await upgradeStatus(await tokenUrl(`${bookId}/c1`))).toBe(101);
    expect((await server.store.load(name(`${bookId}/c2`))).lastSeq).toBe(0);
  });
});

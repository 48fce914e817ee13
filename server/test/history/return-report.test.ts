import { afterEach, describe, expect, it } from 'vitest';
import type { ReturnReportView } from '@wethink/shared';
import { startTestServer } from '../start-test-server';
import { bookWithTeam, paragraphText, untilServerText, writer } from './history-fixture';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('what changed while I was away', () => {
  it('lists, per chapter, my changes that went in and everyone else’s, from the server’s records', async () => {
    const server = await startTestServer();
    cleanups.push(() => server.stop());
    const { bookId, owner, author, reviewer } = await bookWithTeam(server);
    const authorInOne = await writer(server, author, bookId, 'ch-1');
    cleanups.push(() => authorInOne.destroy());
    paragraphText(authorInOne.doc).insert(0, 'mine offline');
    await untilServerText(server, `${bookId}/ch-1`, 'mine offline');
    const ownerInOne = await writer(server, owner, bookId, 'ch-1');
    cleanups.push(() => ownerInOne.destroy());
    paragraphText(ownerInOne.doc).insert(0, 'theirs ');
    await untilServerText(server, `${bookId}/ch-1`, 'theirs mine offline');
    const ownerInTwo = await writer(server, owner, bookId, 'ch-2');
    cleanups.push(() => ownerInTwo.destroy());
    paragraphText(ownerInTwo.doc).insert(0, 'elsewhere');
    await untilServerText(server, `${bookId}/ch-2`, 'elsewhere');

    const since = new Date(Date.now() - 60_000).toISOString();
    const report = await author.json<ReturnReportView>('GET', `/api/books/${bookId}/changes?since=${since}`);
    expect(report.chapters.map((chapter) => chapter.chapterId)).toEqual(['ch-1', 'ch-2']);
    const [one, two] = report.chapters;
    expect(one!.mine).toMatchObject({ charsInserted: 12, wordsAdded: 2 });
    expect(one!.others).toEqual([
      expect.objectContaining({ userId: owner.id, name: owner.name, charsInserted: 7 }),
    ]);
    expect(two!.mine).toBeNull();
    expect(two!.others).toEqual([expect.objectContaining({ userId: owner.id, charsInserted: 9 })]);
    // Nothing since a time to come; a bad time is 400; any member may ask.
    const later = new Date(Date.now() + 120_000).toISOString();
    expect(
      (await author.json<ReturnReportView>('GET', `/api/books/${bookId}/changes?since=${later}`)).chapters,
    ).toEqual([]);
    expect((await author.request('GET', `/api/books/${bookId}/changes?since=yesterday`)).status).toBe(400);
    expect((await reviewer.request('GET', `/api/books/${bookId}/changes?since=${since}`)).status).toBe(200);
  });
});

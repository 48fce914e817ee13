import { afterEach, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import type { ContributionStatsView, CreditsView } from '@wethink/shared';
import { startTestServer, type TestServer } from '../start-test-server';
import { bookWithTeam, paragraphText, untilServerText, writer } from './history-fixture';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function scenario() {
  const server: TestServer = await startTestServer();
  cleanups.push(() => server.stop());
  const team = await bookWithTeam(server);
  const { bookId, owner, author } = team;
  const open = async (user: typeof owner, chapterId: string): Promise<WebsocketProvider> => {
    const provider = await writer(server, user, bookId, chapterId);
    cleanups.push(() => provider.destroy());
    return provider;
  };
  const authorInOne = await open(author, 'ch-1');
  paragraphText(authorInOne.doc).insert(0, 'hello brave world');
  await untilServerText(server, `${bookId}/ch-1`, 'hello brave world');
  const ownerInOne = await open(owner, 'ch-1');
  paragraphText(ownerInOne.doc).delete(6, 6);
  await untilServerText(server, `${bookId}/ch-1`, 'hello world');
  const ownerInTwo = await open(owner, 'ch-2');
  paragraphText(ownerInTwo.doc).insert(0, 'two words here');
  await untilServerText(server, `${bookId}/ch-2`, 'two words here');
  return { server, ...team };
}

describe('contribution statistics and credits', () => {
  it('reports per-user counts for a chapter and a book, as JSON and CSV, within a time range', async () => {
    const { bookId, owner, author, reviewer } = await scenario();
    const chapterStats = await reviewer.json<ContributionStatsView>(
      'GET',
      `/api/books/${bookId}/chapters/ch-1/contributions`,
    );
    const byUser = new Map(chapterStats.users.map((user) => [user.userId, user]));
    expect(byUser.get(author.id)).toMatchObject({
      name: 'Arthur',
      charsInserted: 17,
      charsDeleted: 0,
      wordsAdded: 3,
      wordsRemoved: 0,
      wordsSurviving: 2,
      activeDays: 1,
      writingSessions: 1,
    });
    expect(byUser.get(owner.id)).toMatchObject({
      charsInserted: 0,
      charsDeleted: 6,
      wordsRemoved: 1,
      wordsSurviving: 0,
    });
    expect(byUser.get(author.id)!.sessions).toHaveLength(1);

    const book = await author.json<ContributionStatsView>('GET', `/api/books/${bookId}/contributions`);
    expect(book.users.map((user) => [user.userId, user.charsInserted, user.wordsSurviving])).toEqual([
      [owner.id, 14, 3],
      [author.id, 17, 2],
    ]);

    // A range with no activity still credits the surviving words.
    const later = await author.json<ContributionStatsView>(
      'GET',
      `/api/books/${bookId}/contributions?from=2100-01-01T00:00:00Z&to=2100-02-01T00:00:00Z`,
    );
    expect(
      later.users.map((user) => [user.userId, user.charsInserted, user.activeDays, user.wordsSurviving]),
    ).toEqual([
      [owner.id, 0, 0, 3],
      [author.id, 0, 0, 2],
    ]);

    for (const response of [
      await author.request('GET', `/api/books/${bookId}/chapters/ch-1/contributions?format=csv`),
      await author.request('GET', `/api/books/${bookId}/chapters/ch-1/contributions`, undefined, {
        accept: 'text/csv',
      }),
    ]) {
      expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
      const lines = (await response.text()).trimEnd().split('\r\n');
      expect(lines[0]).toBe(
        'userId,name,charsInserted,charsDeleted,wordsAdded,wordsRemoved,wordsSurviving,activeDays,writingSessions,commentsWritten,threadsResolved,suggestionsMade,suggestionsAccepted',
      );
      expect(lines).toContain(`${author.id},Arthur,17,0,3,0,2,1,1,0,0,0,0`);
      expect(lines).toHaveLength(3);
    }
    expect((await author.request('GET', `/api/books/${bookId}/contributions?from=yesterday`)).status).toBe(
      400,
    );
  });

  it('credits authors by surviving words, per chapter and for the book', async () => {
    const { bookId, owner, author, reviewer } = await scenario();
    const credits = await reviewer.json<CreditsView>('GET', `/api/books/${bookId}/credits`);
    expect(credits).toEqual({
      bookId,
      authors: [
        { userId: owner.id, name: 'Olive', words: 3 },
        { userId: author.id, name: 'Arthur', words: 2 },
      ],
      chapters: [
        { chapterId: 'ch-1', authors: [{ userId: author.id, name: 'Arthur', words: 2 }] },
        { chapterId: 'ch-2', authors: [{ userId: owner.id, name: 'Olive', words: 3 }] },
      ],
      reviewers: [],
    });
  });
});

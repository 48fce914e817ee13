import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commentsOf, suggestionsOf } from '@wethink/shared';
import { waitFor } from '../clients';
import { paragraphText } from '../history/history-fixture';
import { startTestServer, type TestServer } from '../start-test-server';
import {
  anchorOf,
  bookWithChapter,
  chapterPath,
  commentsReader,
  errorCodeOf,
  newId,
} from './comments-fixture';
import {
  authorship,
  created,
  decide,
  decideAll,
  decideAllRequest,
  openRound,
  pointOf,
  suggest,
  writerOf,
} from './suggestions-fixture';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ SIGN_UP_PER_MINUTE: '1000' });
});
afterAll(async () => server.stop());

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('accepting and rejecting many suggestions', () => {
  it('accepts one suggester’s, then everyone’s, in document order, each as its suggester; a gone passage is reported and stays open', async () => {
    const { bookId, members, authorDoc } = await bookWithChapter(server, 'One. Two. Three.', cleanups);
    await openRound(members.owner, bookId);
    const live = await commentsReader(server, members.author, bookId, cleanups);
    // Made out of document order on purpose: the end first, then the middle.
    const tail = await created(
      suggest(members.reviewer, bookId, { kind: 'insert', at: pointOf(authorDoc, 16), text: ' Four.' }),
    );
    const middle = await created(
      suggest(members.reviewer, bookId, { kind: 'insert', at: pointOf(authorDoc, 10), text: 'Zed. ' }),
    );
    const byReader = await created(
      suggest(members.reader, bookId, { kind: 'insert', at: pointOf(authorDoc, 0), text: 'Zero. ' }),
    );
    const dropTwo = await created(
      suggest(members.owner, bookId, { kind: 'delete', anchor: anchorOf(authorDoc, 5, 10) }),
    );
    const own = await created(
      suggest(members.author, bookId, { kind: 'insert', at: pointOf(authorDoc, 4), text: '!' }),
    );

    const fromReviewer = await decideAll(members.author, bookId, 'accept', members.reviewer.id);
    expect(fromReviewer).toEqual({
      decision: 'accept',
      decided: [middle.id, tail.id],
      anchorGone: [],
      skipped: [],
      results: [
        { id: middle.id, outcome: 'accepted' },
        { id: tail.id, outcome: 'accepted' },
      ],
    });
    await waitFor(
      () => paragraphText(authorDoc).toString() === 'One. Two. Zed. Three. Four.',
      'the reviewer’s two, live',
    );

    // The passage the owner wanted gone is deleted by an author meanwhile.
    paragraphText(authorDoc).delete(5, 5);
    await waitFor(
      () =>
        paragraphText(server.registry.peek(`${bookId}/ch-1` as never)!.doc).toString() ===
        'One. Zed. Three. Four.',
      'the plain deletion, on the server',
    );
    const everyone = await decideAll(members.author, bookId, 'accept');
    expect(everyone.decided).toEqual([byReader.id]);
    expect(everyone.anchorGone).toEqual([dropTwo.id]);
    expect(everyone.skipped).toEqual([own.id]);
    expect(everyone.results.map((result) => result.outcome).sort()).toEqual([
      'accepted',
      'anchor-gone',
      'skipped-own',
    ]);
    await waitFor(
      () => paragraphText(authorDoc).toString() === 'Zero. One. Zed. Three. Four.',
      'the reader’s, live',
    );
    await waitFor(() => suggestionsOf(live.doc).get(byReader.id)?.status === 'accepted', 'records, live');
    expect(suggestionsOf(live.doc).get(dropTwo.id)?.status).toBe('open');
    expect(suggestionsOf(live.doc).get(own.id)?.status).toBe('open');

    const view = await authorship(members.owner, bookId);
    expect(writerOf(view, 'Zed. ')).toBe(members.reviewer.id);
    expect(writerOf(view, ' Four.')).toBe(members.reviewer.id);
    expect(writerOf(view, 'Zero. ')).toBe(members.reader.id);
    expect(writerOf(view, 'One. ')).toBe(members.author.id);
    expect(writerOf(view, 'Three.')).toBe(members.author.id);
  });

  it('rejects all of one suggester’s and keeps the record of each; the chapter is untouched', async () => {
    const { bookId, members, authorDoc } = await bookWithChapter(server, 'Stay as is.', cleanups);
    const live = await commentsReader(server, members.owner, bookId, cleanups);
    const first = await created(
      suggest(members.reviewer, bookId, { kind: 'insert', at: pointOf(authorDoc, 4), text: ' x' }),
    );
    const second = await created(
      suggest(members.reviewer, bookId, { kind: 'delete', anchor: anchorOf(authorDoc, 0, 4) }),
    );
    const byAuthor = await created(
      suggest(members.author, bookId, { kind: 'insert', at: pointOf(authorDoc, 0), text: 'y' }),
    );
    const result = await decideAll(members.owner, bookId, 'reject', members.reviewer.id);
    expect(result.decided).toEqual([second.id, first.id]);
    await waitFor(() => suggestionsOf(live.doc).get(first.id)?.status === 'rejected', 'the records, live');
    expect(suggestionsOf(live.doc).get(second.id)).toMatchObject({
      status: 'rejected',
      decidedBy: members.owner.id,
    });
    expect(suggestionsOf(live.doc).get(byAuthor.id)?.status).toBe('open');
    expect(paragraphText(authorDoc).toString()).toBe('Stay as is.');
    // Nothing left of that suggester's: an empty answer, not an error.
    expect((await decideAll(members.owner, bookId, 'accept', members.reviewer.id)).results).toEqual([]);
  });

  it('two writers accepting one suggestion at once apply it once; the second hears "already accepted"', async () => {
    const { bookId, members, authorDoc } = await bookWithChapter(server, 'Once.', cleanups);
    const suggestion = await created(
      suggest(members.reviewer, bookId, { kind: 'insert', at: pointOf(authorDoc, 5), text: ' Only once.' }),
    );
    const answers = await Promise.all([
      decide(members.owner, bookId, suggestion.id, 'accept'),
      decide(members.author, bookId, suggestion.id, 'accept'),
      decideAllRequest(members.owner, bookId, 'accept'),
    ]);
    const statuses = answers.map((answer) => answer.status);
    const losers = answers.slice(0, 2).filter((answer) => answer.status === 409);
    expect(statuses.slice(0, 2).sort()).toEqual([200, 409]);
    expect(((await losers[0]!.json()) as { error: { message: string } }).error.message).toBe(
      'already accepted',
    );
    await waitFor(() => paragraphText(authorDoc).toString().includes('Only once.'), 'the acceptance, live');
    const room = server.registry.peek(`${bookId}/ch-1` as never)!;
    expect(paragraphText(room.doc).toString()).toBe('Once. Only once.');
    // The repeat of the winner's own request is harmless.
    const winner = answers[0]!.status === 200 ? members.owner : members.author;
    expect((await decide(winner, bookId, suggestion.id, 'accept')).status).toBe(200);
    expect(paragraphText(room.doc).toString()).toBe('Once. Only once.');
  });
});

describe('a suggestion’s thread', () => {
  it('the suggester and the writers reply on a suggestion; the replies are comments in its thread', async () => {
    const { bookId, members, authorDoc } = await bookWithChapter(server, 'Argue about this.', cleanups);
    const live = await commentsReader(server, members.owner, bookId, cleanups);
    const suggestion = await created(
      suggest(members.reviewer, bookId, { kind: 'delete', anchor: anchorOf(authorDoc, 0, 6) }),
    );
    const path = chapterPath(bookId, `/suggestions/${suggestion.id}/comments`);
    const why = await members.author.request('POST', path, { id: newId(), body: 'Why drop it?' });
    expect(why.status).toBe(201);
    const because = await members.reviewer.request('POST', path, { id: newId(), body: 'It repeats.' });
    expect(because.status).toBe(201);
    const { comment } = (await because.json()) as { comment: { id: string } };
    await waitFor(() => commentsOf(live.doc).has(comment.id), 'the reply, live');
    const thread = [...commentsOf(live.doc).values()].filter((c) => c.threadId === suggestion.id);
    expect(thread.map((c) => [c.authorId, c.body])).toEqual(
      expect.arrayContaining([
        [members.author.id, 'Why drop it?'],
        [members.reviewer.id, 'It repeats.'],
      ]),
    );
    // The comment routes edit it like any other comment.
    const edited = await members.reviewer.request(
      'PATCH',
      chapterPath(bookId, `/threads/${suggestion.id}/comments/${comment.id}`),
      { body: 'It repeats the heading.' },
    );
    expect(edited.status).toBe(200);
    // No such suggestion: 404; an empty reply: 400.
    const unknown = chapterPath(bookId, `/suggestions/no-such-suggestion/comments`);
    expect((await members.author.request('POST', unknown, { id: newId(), body: 'x' })).status).toBe(404);
    expect((await members.author.request('POST', path, { id: newId(), body: '  ' })).status).toBe(400);
  });

  it('is capped like comments: too many writes a minute answer 429', async () => {
    const limited = await startTestServer({ SIGN_UP_PER_MINUTE: '1000', COMMENT_WRITES_PER_MINUTE: '3' });
    cleanups.push(() => limited.stop());
    const { bookId, members, authorDoc } = await bookWithChapter(limited, 'Busy.', cleanups);
    const suggestion = await created(
      suggest(members.reviewer, bookId, { kind: 'insert', at: pointOf(authorDoc, 0), text: 'So ' }),
    );
    const path = chapterPath(bookId, `/suggestions/${suggestion.id}/comments`);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (await members.reviewer.request('POST', path, { id: newId(), body: `Reply ${i}` })).status,
      );
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.slice(0, 2)).toEqual([201, 201]);
  });
});

describe('new suggestion routes by role and round state', () => {
  it('accept-all and reject-all are the writers’; a suggestion’s thread follows the commenting rules', async () => {
    const { bookId, members, authorDoc, stranger } = await bookWithChapter(server, 'Matrix.', cleanups);
    const suggestion = await created(
      suggest(members.reviewer, bookId, { kind: 'insert', at: pointOf(authorDoc, 0), text: 'A ' }),
    );
    const reply = (user: typeof members.owner) =>
      user.request('POST', chapterPath(bookId, `/suggestions/${suggestion.id}/comments`), {
        id: newId(),
        body: 'A note.',
      });
    const bulkStatuses = async () => ({
      reviewer: [
        (await decideAllRequest(members.reviewer, bookId, 'accept')).status,
        (await decideAllRequest(members.reviewer, bookId, 'reject')).status,
      ],
      reader: [
        (await decideAllRequest(members.reader, bookId, 'accept')).status,
        (await decideAllRequest(members.reader, bookId, 'reject')).status,
      ],
      stranger: [(await decideAllRequest(stranger, bookId, 'accept')).status],
    });
    const closedRound = await bulkStatuses();
    expect(closedRound).toEqual({ reviewer: [403, 403], reader: [403, 403], stranger: [404] });
    expect((await reply(members.owner)).status).toBe(201);
    expect((await reply(members.author)).status).toBe(201);
    expect((await reply(members.reviewer)).status).toBe(201);
    const outside = await reply(members.reader);
    expect(outside.status).toBe(403);
    expect(await errorCodeOf(outside)).toBe('round-closed');
    expect((await reply(stranger)).status).toBe(404);

    await openRound(members.owner, bookId);
    expect(await bulkStatuses()).toEqual(closedRound);
    expect((await reply(members.reader)).status).toBe(201);
    // Bad query and signed out.
    expect(
      (await members.owner.request('POST', chapterPath(bookId, '/suggestions/accept-all?by='))).status,
    ).toBe(400);
    expect(
      (await fetch(`${server.url}${chapterPath(bookId, '/suggestions/accept-all')}`, { method: 'POST' }))
        .status,
    ).toBe(401);
    // The writers' answers, last: the one open suggestion accepted by the author.
    expect((await decideAll(members.author, bookId, 'accept')).decided).toEqual([suggestion.id]);
    expect((await decideAll(members.owner, bookId, 'reject')).decided).toEqual([]);
  });
});

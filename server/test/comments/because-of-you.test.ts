import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BecauseOfYouView } from '@wethink/shared';
import { connectProvider, untilSynced } from '../clients';
import { paragraphText, tokensOf, untilServerText } from '../history/history-fixture';
import { startTestServer, type TestServer } from '../start-test-server';
import { anchorOf, bookWithChapter, newId, postThread } from './comments-fixture';
import { created, decide, pointOf, suggest } from './suggestions-fixture';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ SIGN_UP_PER_MINUTE: '1000' });
});
afterAll(async () => server.stop());

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('what changed because of you, book-wide', () => {
  it('lists a member’s accepted suggestions and resolved threads over every chapter, by time range and round', async () => {
    const { bookId, members, authorDoc, stranger } = await bookWithChapter(server, 'Chapter one.', cleanups);
    const second = connectProvider(tokensOf(server, members.author, bookId), `${bookId}/ch-2`);
    cleanups.push(() => second.destroy());
    await untilSynced(second);
    paragraphText(second.doc).insert(0, 'Chapter two.');
    await untilServerText(server, `${bookId}/ch-2`, 'Chapter two.');
    const path2 = `/api/books/${bookId}/chapters/ch-2`;

    // In chapter one: one suggestion accepted, one rejected, and a thread resolved.
    const kept = await created(
      suggest(members.reviewer, bookId, { kind: 'insert', at: pointOf(authorDoc, 12), text: ' Yes.' }),
    );
    const dropped = await created(
      suggest(members.reviewer, bookId, { kind: 'insert', at: pointOf(authorDoc, 0), text: 'No. ' }),
    );
    expect((await decide(members.author, bookId, kept.id, 'accept')).status).toBe(200);
    expect((await decide(members.author, bookId, dropped.id, 'reject')).status).toBe(200);
    const thread = (await (
      await postThread(members.reviewer, bookId, anchorOf(authorDoc, 0, 7), 'Fix this?')
    ).json()) as { thread: { id: string } };
    const resolved = await members.owner.request(
      'POST',
      `/api/books/${bookId}/chapters/ch-1/threads/${thread.thread.id}/resolve`,
    );
    expect(resolved.status).toBe(200);
    // One millisecond on: the resolve above may have been stamped this same millisecond.
    const between = new Date(Date.now() + 1).toISOString();

    // In chapter two, during a round called "Second pass": one accepted.
    const round = await members.owner.request('POST', `${path2}/rounds`, { title: 'Second pass' });
    expect(round.status).toBe(201);
    const inRound = await members.reader.request('POST', `${path2}/suggestions`, {
      id: newId(),
      kind: 'insert',
      at: pointOf(second.doc, 12),
      text: ' Also.',
    });
    expect(inRound.status).toBe(201);
    const byReader = ((await inRound.json()) as { suggestion: { id: string } }).suggestion;
    const byReviewer = await members.reviewer.request('POST', `${path2}/suggestions`, {
      id: newId(),
      kind: 'insert',
      at: pointOf(second.doc, 0),
      text: 'So. ',
    });
    const reviewerTwo = ((await byReviewer.json()) as { suggestion: { id: string } }).suggestion;
    expect((await members.author.request('POST', `${path2}/suggestions/${byReader.id}/accept`)).status).toBe(
      200,
    );
    expect(
      (await members.author.request('POST', `${path2}/suggestions/${reviewerTwo.id}/accept`)).status,
    ).toBe(200);

    const of = (user: typeof members.owner, query = '') =>
      user.json<BecauseOfYouView>('GET', `/api/books/${bookId}/because-of-me${query}`);
    const all = await of(members.reviewer);
    expect(all.totals).toEqual({ accepted: 2, resolvedThreads: 1 });
    expect(all.chapters.map((c) => [c.chapterId, c.accepted.map((s) => s.text)])).toEqual([
      ['ch-1', [' Yes.']],
      ['ch-2', ['So. ']],
    ]);
    expect(all.chapters[0]!.resolvedThreads.map((t) => t.id)).toEqual([thread.thread.id]);
    // A time range: only what was decided after `between`.
    const later = await of(members.reviewer, `?from=${encodeURIComponent(between)}`);
    expect(later.totals).toEqual({ accepted: 1, resolvedThreads: 0 });
    // A round: only what was made in rounds of that title (the reader's).
    const reader = await of(members.reader, '?round=Second%20pass');
    expect(reader.chapters).toEqual([
      expect.objectContaining({
        chapterId: 'ch-2',
        accepted: [expect.objectContaining({ id: byReader.id })],
      }),
    ]);
    expect((await of(members.reviewer, '?round=Second%20pass')).totals).toEqual({
      accepted: 0,
      resolvedThreads: 0,
    });
    // Only members; only valid ranges.
    expect((await stranger.request('GET', `/api/books/${bookId}/because-of-me`)).status).toBe(404);
    expect(
      (await members.owner.request('GET', `/api/books/${bookId}/because-of-me?from=yesterday`)).status,
    ).toBe(400);
  });
});

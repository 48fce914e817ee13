import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  CloseCode,
  MessageType,
  Role,
  chapterFragment,
  encodeUpdate,
  suggestionsOf,
  type AuthorshipView,
  type SuggestionRecord,
} from '@wethink/shared';
import { RawClient, untilSynced, waitFor } from '../clients';
import { paragraphText, tokensOf } from '../history/history-fixture';
import type { ApiUser } from '../protocol/api-user';
import { startTestServer, type TestServer } from '../start-test-server';
import {
  anchorOf,
  bookWithChapter,
  chapterPath,
  commentsReader,
  errorCodeOf,
  newId,
} from './comments-fixture';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ SIGN_UP_PER_MINUTE: '1000' });
});
afterAll(async () => server.stop());

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The encoded position `index` characters into the first paragraph of `doc`. */
function pointOf(doc: Y.Doc, index: number): string {
  return anchorOf(doc, index, index).start;
}

function suggest(user: ApiUser, bookId: string, body: object): Promise<Response> {
  return user.request('POST', chapterPath(bookId, '/suggestions'), { id: newId(), ...body });
}

async function created(response: Promise<Response>): Promise<SuggestionRecord> {
  const answer = await response;
  if (answer.status !== 201) throw new Error(`${answer.status} ${await answer.text()}`);
  return ((await answer.json()) as { suggestion: SuggestionRecord }).suggestion;
}

function decide(user: ApiUser, bookId: string, id: string, decision: 'accept' | 'reject'): Promise<Response> {
  return user.request('POST', chapterPath(bookId, `/suggestions/${id}/${decision}`));
}

async function authorship(user: ApiUser, bookId: string): Promise<AuthorshipView> {
  return user.json<AuthorshipView>('GET', chapterPath(bookId, '/authorship'));
}

/** Who wrote each character of the chapter, as one string of user-id initials per run. */
function writerOf(view: AuthorshipView, fragment: string): string | null {
  const text = view.runs.map((run) => run.text).join('');
  const at = text.indexOf(fragment);
  if (at < 0) return null;
  let offset = 0;
  const writers = new Set<string | null>();
  for (const run of view.runs) {
    const end = offset + run.text.length;
    if (end > at && offset < at + fragment.length) writers.add(run.userId);
    offset = end;
  }
  return writers.size === 1 ? [...writers][0]! : `mixed:${[...writers].join(',')}`;
}

async function openRound(owner: ApiUser, bookId: string): Promise<void> {
  expect((await owner.request('POST', chapterPath(bookId, '/rounds'), { title: 'Draft' })).status).toBe(201);
}

describe('suggestions', () => {
  it('a reader in an open round suggests a sentence; an author accepts it; the words are the reader’s', async () => {
    const { bookId, members, authorDoc } = await bookWithChapter(
      server,
      'The crowd wrote the book.',
      cleanups,
    );
    await openRound(members.owner, bookId);
    const live = await commentsReader(server, members.author, bookId, cleanups);
    const suggestion = await created(
      suggest(members.reader, bookId, {
        kind: 'insert',
        at: pointOf(authorDoc, 25),
        text: ' Hundreds of them.',
      }),
    );
    expect(suggestion).toMatchObject({
      status: 'open',
      suggestedBy: members.reader.id,
      roundId: expect.any(String),
    });
    await waitFor(() => suggestionsOf(live.doc).has(suggestion.id), 'the suggestion, live');
    // The chapter is untouched until it is accepted.
    expect(paragraphText(authorDoc).toString()).toBe('The crowd wrote the book.');

    const accepted = await decide(members.author, bookId, suggestion.id, 'accept');
    expect(accepted.status).toBe(200);
    await waitFor(
      () => paragraphText(authorDoc).toString() === 'The crowd wrote the book. Hundreds of them.',
      'the accepted text, live',
    );
    expect(writerOf(await authorship(members.owner, bookId), 'Hundreds of them.')).toBe(members.reader.id);
    expect(writerOf(await authorship(members.owner, bookId), 'The crowd wrote')).toBe(members.author.id);
    await waitFor(
      () => suggestionsOf(live.doc).get(suggestion.id)?.status === 'accepted',
      'the record, live',
    );
    expect(suggestionsOf(live.doc).get(suggestion.id)).toMatchObject({ decidedBy: members.author.id });
    // Credits and statistics count it for the reader.
    const credits = await members.owner.json<{
      reviewers: { userId: string; suggestionsAccepted: number }[];
    }>('GET', `/api/books/${bookId}/credits`);
    expect(credits.reviewers).toContainEqual(
      expect.objectContaining({ userId: members.reader.id, suggestionsAccepted: 1 }),
    );
    const stats = await members.owner.json<{
      users: { userId: string; suggestionsMade: number; suggestionsAccepted: number }[];
    }>('GET', chapterPath(bookId, '/contributions'));
    expect(stats.users.find((user) => user.userId === members.reader.id)).toMatchObject({
      suggestionsMade: 1,
      suggestionsAccepted: 1,
    });
    // Accepting again changes nothing.
    expect((await decide(members.author, bookId, suggestion.id, 'accept')).status).toBe(200);
    expect(paragraphText(authorDoc).toString()).toBe('The crowd wrote the book. Hundreds of them.');
  });

  it('suggested deletions and two suggesters in one chapter are each applied as their suggester', async () => {
    const { bookId, members, authorDoc } = await bookWithChapter(
      server,
      'Keep this. Drop this. End.',
      cleanups,
    );
    const drop = await created(
      suggest(members.reviewer, bookId, { kind: 'delete', anchor: anchorOf(authorDoc, 10, 21) }),
    );
    expect(drop.text).toBe(' Drop this.');
    const add = await created(
      suggest(members.owner, bookId, { kind: 'insert', at: pointOf(authorDoc, 0), text: 'Start. ' }),
    );
    expect((await decide(members.author, bookId, drop.id, 'accept')).status).toBe(200);
    expect((await decide(members.author, bookId, add.id, 'accept')).status).toBe(200);
    await waitFor(() => paragraphText(authorDoc).toString() === 'Start. Keep this. End.', 'both applied');
    const view = await authorship(members.owner, bookId);
    expect(writerOf(view, 'Start. ')).toBe(members.owner.id);
    expect(writerOf(view, 'Keep this.')).toBe(members.author.id);
  });

  it('keeps the permission rules: who may suggest, accept and reject', async () => {
    const { bookId, members, authorDoc, stranger } = {
      ...(await bookWithChapter(server, 'Rules apply.', cleanups)),
      stranger: null as ApiUser | null,
    };
    void stranger;
    const at = pointOf(authorDoc, 5);
    // A reader outside a round may not suggest; a reviewer always may.
    const outside = await suggest(members.reader, bookId, { kind: 'insert', at, text: 'x' });
    expect(outside.status).toBe(403);
    expect(await errorCodeOf(outside)).toBe('round-closed');
    const byReviewer = await created(suggest(members.reviewer, bookId, { kind: 'insert', at, text: 'y' }));
    // Reviewers and readers may not accept; nobody accepts their own.
    expect((await decide(members.reviewer, bookId, byReviewer.id, 'accept')).status).toBe(403);
    const own = await created(suggest(members.author, bookId, { kind: 'insert', at, text: 'z' }));
    expect((await decide(members.author, bookId, own.id, 'accept')).status).toBe(403);
    // The suggester may withdraw (reject) their own; a reader may not reject someone else's.
    expect((await decide(members.reader, bookId, byReviewer.id, 'reject')).status).toBe(403);
    expect((await decide(members.reviewer, bookId, byReviewer.id, 'reject')).status).toBe(200);
    expect((await decide(members.owner, bookId, byReviewer.id, 'accept')).status).toBe(409);
    // Bad requests: a line break, an empty text, a passage across nothing.
    expect((await suggest(members.reviewer, bookId, { kind: 'insert', at, text: 'a\nb' })).status).toBe(400);
    expect((await suggest(members.reviewer, bookId, { kind: 'insert', at, text: '' })).status).toBe(400);
    expect((await suggest(members.reviewer, bookId, { kind: 'insert', at: '!!', text: 'x' })).status).toBe(
      400,
    );
    expect(
      await errorCodeOf(
        await suggest(members.reviewer, bookId, { kind: 'delete', anchor: anchorOf(authorDoc, 3, 3) }),
      ),
    ).toBe('anchor-gone');
    // Signed out: 401; unknown suggestion: 404.
    expect(
      (await fetch(`${server.url}${chapterPath(bookId, '/suggestions')}`, { method: 'POST' })).status,
    ).toBe(401);
    expect((await decide(members.owner, bookId, 'no-such-suggestion', 'accept')).status).toBe(404);
    expect(paragraphText(authorDoc).toString()).toBe('Rules apply.');
  });

  it('accepting a suggestion whose paragraph was deleted answers anchor-gone and keeps it open', async () => {
    const { bookId, members, authorDoc } = await bookWithChapter(server, 'Doomed paragraph.', cleanups);
    const suggestion = await created(
      suggest(members.reviewer, bookId, { kind: 'insert', at: pointOf(authorDoc, 6), text: ' indeed' }),
    );
    const fragment = chapterFragment(authorDoc);
    authorDoc.transact(() => {
      fragment.delete(0, fragment.length);
      const paragraph = new Y.XmlElement('paragraph');
      paragraph.insert(0, [new Y.XmlText('A new one.')]);
      fragment.insert(0, [paragraph]);
    });
    await waitFor(
      () =>
        chapterFragment(server.registry.peek(`${bookId}/ch-1` as never)!.doc)
          .toString()
          .includes('A new one.'),
      'the deletion, stored',
    );
    const answer = await decide(members.author, bookId, suggestion.id, 'accept');
    expect(answer.status).toBe(409);
    expect(await errorCodeOf(answer)).toBe('anchor-gone');
    const live = await commentsReader(server, members.author, bookId, cleanups);
    expect(suggestionsOf(live.doc).get(suggestion.id)?.status).toBe('open');
    expect((await decide(members.author, bookId, suggestion.id, 'reject')).status).toBe(200);
  });

  it('a suggester’s sync connection never changes the chapter or the suggestions: plain inserts and forged records are refused', async () => {
    const { bookId, members, authorDoc } = await bookWithChapter(server, 'Accepted text.', cleanups);
    for (const role of [Role.reviewer, Role.reader] as const) {
      const token = await tokensOf(server, members[role], bookId).tokenFor(`${bookId}/ch-1`);
      const chapter = await RawClient.open(`${server.syncUrl}/${bookId}/ch-1?token=${token}`);
      cleanups.push(() => chapter.close());
      const forged = new Y.Doc();
      Y.applyUpdate(forged, Y.encodeStateAsUpdate(authorDoc));
      paragraphText(forged).insert(0, 'Forged. ');
      chapter.send(encodeUpdate(Y.encodeStateAsUpdate(forged, Y.encodeStateVector(authorDoc))));
      await chapter.nextMessage((message) => message.type === MessageType.auth);
      const comments = await RawClient.open(`${server.syncUrl}/${bookId}/ch-1/comments?token=${token}`);
      cleanups.push(() => comments.close());
      const record = new Y.Doc();
      suggestionsOf(record).set('forged-suggestion-id', {
        id: 'forged-suggestion-id',
        kind: 'insert',
        anchor: { start: '', end: '' },
        text: 'x',
        suggestedBy: members.owner.id,
        suggesterName: 'Olive',
        createdAt: new Date().toISOString(),
        roundId: null,
        status: 'accepted',
        decidedBy: members.owner.id,
        decidedAt: new Date().toISOString(),
      });
      comments.send(encodeUpdate(Y.encodeStateAsUpdate(record)));
      await comments.nextMessage((message) => message.type === MessageType.auth);
      expect(chapter.closed?.code ?? CloseCode.normal).not.toBe(CloseCode.internalError);
    }
    const live = await commentsReader(server, members.author, bookId, cleanups);
    expect(suggestionsOf(live.doc).has('forged-suggestion-id')).toBe(false);
    await untilSynced(live);
    expect(chapterFragment(server.registry.peek(`${bookId}/ch-1` as never)!.doc).toString()).not.toContain(
      'Forged',
    );
  });
});

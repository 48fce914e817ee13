import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { suggestionsOf, type ContributionStatsView } from '@wethink/shared';
import { waitFor } from '../clients';
import { paragraphText } from '../history/history-fixture';
import { startTestServer, type TestServer } from '../start-test-server';
import { anchorOf, bookWithChapter, chapterPath, commentsReader, errorCodeOf } from './comments-fixture';
import { authorship, created, decide, suggest, writerOf } from './suggestions-fixture';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ SIGN_UP_PER_MINUTE: '1000' });
});
afterAll(async () => server.stop());

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The first paragraph as Yjs' delta: runs of text with their marks. */
const runsOf = (doc: Parameters<typeof paragraphText>[0]) =>
  paragraphText(doc).toDelta() as { insert: string; attributes?: Record<string, unknown> }[];

describe('suggested formatting', () => {
  it('a reviewer suggests bold and a link; accepted, the marks are set as the reviewer’s change and the words stay the author’s', async () => {
    const { bookId, members, authorDoc } = await bookWithChapter(
      server,
      'Make this bold and linked.',
      cleanups,
    );
    const live = await commentsReader(server, members.owner, bookId, cleanups);
    const bold = await created(
      suggest(members.reviewer, bookId, {
        kind: 'format',
        anchor: anchorOf(authorDoc, 5, 9),
        format: { mark: 'strong', action: 'add' },
      }),
    );
    expect(bold).toMatchObject({
      kind: 'format',
      text: 'this',
      format: { mark: 'strong', action: 'add', attrs: null },
    });
    const link = await created(
      suggest(members.reviewer, bookId, {
        kind: 'format',
        anchor: anchorOf(authorDoc, 19, 25),
        format: { mark: 'link', action: 'add', attrs: { href: 'https://example.org/' } },
      }),
    );
    await waitFor(() => suggestionsOf(live.doc).has(link.id), 'the suggestions, live');
    // Nothing changes before acceptance.
    expect(runsOf(authorDoc)).toEqual([{ insert: 'Make this bold and linked.' }]);

    expect((await decide(members.author, bookId, bold.id, 'accept')).status).toBe(200);
    expect((await decide(members.owner, bookId, link.id, 'accept')).status).toBe(200);
    await waitFor(() => runsOf(authorDoc).length === 5, 'both marks, live');
    expect(runsOf(authorDoc)).toEqual([
      { insert: 'Make ' },
      { insert: 'this', attributes: { strong: {} } },
      { insert: ' bold and ' },
      { insert: 'linked', attributes: { link: { href: 'https://example.org/', title: null } } },
      { insert: '.' },
    ]);
    // Formatting writes no characters: the words stay the author's...
    expect(writerOf(await authorship(members.owner, bookId), 'Make this bold and linked.')).toBe(
      members.author.id,
    );
    // ...and the history records the formatting as the reviewer's change (a writing session
    // with no characters), not the accepter's.
    const stats = await members.owner.json<ContributionStatsView>(
      'GET',
      chapterPath(bookId, '/contributions'),
    );
    const reviewer = stats.users.find((user) => user.userId === members.reviewer.id);
    expect(reviewer).toMatchObject({ charsInserted: 0, charsDeleted: 0, suggestionsAccepted: 2 });
    expect(reviewer!.writingSessions).toBeGreaterThan(0);
    expect(stats.users.find((user) => user.userId === members.owner.id)?.writingSessions ?? 0).toBe(0);

    // Removing a mark is a suggestion too.
    const unbold = await created(
      suggest(members.owner, bookId, {
        kind: 'format',
        anchor: anchorOf(authorDoc, 5, 9),
        format: { mark: 'strong', action: 'remove' },
      }),
    );
    expect((await decide(members.author, bookId, unbold.id, 'accept')).status).toBe(200);
    await waitFor(() => runsOf(authorDoc)[0]?.insert === 'Make this bold and ', 'the bold gone, live');
  });

  it('refuses marks the book schema lacks, unsafe links, attributes a mark does not take, and empty passages', async () => {
    const { bookId, members, authorDoc } = await bookWithChapter(server, 'Plain words.', cleanups);
    const anchor = anchorOf(authorDoc, 0, 5);
    const attempt = (format: object, at = anchor) =>
      suggest(members.reviewer, bookId, { kind: 'format', anchor: at, format });
    const underline = await attempt({ mark: 'underline', action: 'add' });
    expect(underline.status).toBe(400);
    expect(((await underline.json()) as { error: { message: string } }).error.message).toContain(
      'unknown mark "underline"',
    );
    expect(
      (await attempt({ mark: 'link', action: 'add', attrs: { href: 'javascript:alert(1)' } })).status,
    ).toBe(400);
    expect((await attempt({ mark: 'link', action: 'add' })).status).toBe(400);
    expect(
      (await attempt({ mark: 'em', action: 'add', attrs: { href: 'https://example.org/' } })).status,
    ).toBe(400);
    expect((await attempt({ mark: 'em', action: 'toggle' })).status).toBe(400);
    const empty = await attempt({ mark: 'em', action: 'add' }, anchorOf(authorDoc, 3, 3));
    expect(empty.status).toBe(409);
    expect(await errorCodeOf(empty)).toBe('anchor-gone');
    expect((await attempt({ mark: 'em', action: 'add' })).status).toBe(201);
    expect(runsOf(authorDoc)).toEqual([{ insert: 'Plain words.' }]);
  });
});

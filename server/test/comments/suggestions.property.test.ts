import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { suggestionsOf, type AuthorshipView, type SuggestionRecord } from '@wethink/shared';
import { waitFor } from '../clients';
import { paragraphText } from '../history/history-fixture';
import { startTestServer, type TestServer } from '../start-test-server';
import { anchorOf, bookWithChapter, chapterPath, commentsReader, newId } from './comments-fixture';

// Each writer has an alphabet of its own, so the final text says who must have written each
// character: the author types lowercase letters, the reviewer suggests digits, the owner suggests
// capitals. Deletions (typed or suggested) never change who wrote what remains.
const ALPHABETS = { author: 'abcdefghij', reviewer: '0123456789', owner: 'ABCDEFGHIJ' } as const;

type Op =
  | { kind: 'type'; at: number; text: string }
  | { kind: 'suggest'; by: 'reviewer' | 'owner'; at: number; text: string }
  | { kind: 'suggestDelete'; by: 'reviewer' | 'owner'; from: number; length: number }
  | { kind: 'decide'; pick: number; accept: boolean };

const word = (alphabet: string) =>
  fc
    .array(fc.constantFrom(...alphabet.split('')), { minLength: 1, maxLength: 5 })
    .map((chars) => chars.join(''));

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('type' as const), at: fc.nat(), text: word(ALPHABETS.author) }),
  fc.constantFrom('reviewer' as const, 'owner' as const).chain((by) =>
    fc.record({
      kind: fc.constant('suggest' as const),
      by: fc.constant(by),
      at: fc.nat(),
      text: word(ALPHABETS[by]),
    }),
  ),
  fc.record({
    kind: fc.constant('suggestDelete' as const),
    by: fc.constantFrom('reviewer' as const, 'owner' as const),
    from: fc.nat(),
    length: fc.integer({ min: 1, max: 3 }),
  }),
  fc.record({ kind: fc.constant('decide' as const), pick: fc.nat(), accept: fc.boolean() }),
);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ SIGN_UP_PER_MINUTE: '100000', COMMENT_WRITES_PER_MINUTE: '100000' });
});
afterAll(async () => server.stop());

describe('suggestions among plain edits', () => {
  it('converge, and every character is attributed to whoever first wrote it (the suggester for accepted ones)', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 4, maxLength: 14 }), async (ops) => {
        const cleanups: (() => unknown)[] = [];
        try {
          const { bookId, members, authorDoc } = await bookWithChapter(server, 'abc', cleanups);
          const live = await commentsReader(server, members.author, bookId, cleanups);
          const text = paragraphText(authorDoc);
          for (const op of ops) {
            const length = text.length;
            if (op.kind === 'type') {
              text.insert(op.at % (length + 1), op.text);
            } else if (op.kind === 'suggest') {
              const at = anchorOf(authorDoc, op.at % (length + 1), op.at % (length + 1)).start;
              await members[op.by].request('POST', chapterPath(bookId, '/suggestions'), {
                id: newId(),
                kind: 'insert',
                at,
                text: op.text,
              });
            } else if (op.kind === 'suggestDelete') {
              if (length < 2) continue;
              const from = op.from % (length - 1);
              const to = Math.min(length, from + op.length);
              await members[op.by].request('POST', chapterPath(bookId, '/suggestions'), {
                id: newId(),
                kind: 'delete',
                anchor: anchorOf(authorDoc, from, to),
              });
            } else {
              const open = [...suggestionsOf(live.doc).values()].filter(
                (s: SuggestionRecord) => s.status === 'open',
              );
              const chosen = open[op.pick % Math.max(1, open.length)];
              if (!chosen) continue;
              // The author decides; for its own suggestions (none here) the server would refuse.
              const response = await members.author.request(
                'POST',
                chapterPath(bookId, `/suggestions/${chosen.id}/${op.accept ? 'accept' : 'reject'}`),
              );
              expect([200, 409]).toContain(response.status);
              if (response.status === 200 && op.accept) accepted += 1;
            }
          }
          const room = () => server.registry.peek(`${bookId}/ch-1` as never)!;
          await waitFor(
            () => Y.equalSnapshots(Y.snapshot(room().doc), Y.snapshot(authorDoc)),
            'the author and the server to converge',
          );
          const view = await members.owner.json<AuthorshipView>('GET', chapterPath(bookId, '/authorship'));
          const expectedWriter = (char: string): string | null => {
            if (ALPHABETS.reviewer.includes(char)) return members.reviewer.id;
            if (ALPHABETS.owner.includes(char)) return members.owner.id;
            return members.author.id;
          };
          for (const run of view.runs) {
            for (const char of run.text) expect([char, run.userId]).toEqual([char, expectedWriter(char)]);
          }
          expect(view.runs.map((run) => run.text).join('')).toBe(paragraphText(authorDoc).toString());
        } finally {
          for (const cleanup of cleanups.reverse()) await cleanup();
        }
      }),
      { numRuns: 20, seed: 22 },
    );
    expect(accepted).toBeGreaterThan(2); // the runs did accept suggestions
  }, 120_000);
});

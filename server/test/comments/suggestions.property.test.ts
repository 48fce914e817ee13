import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  suggestionsOf,
  type AuthorshipView,
  type BulkDecisionView,
  type SuggestionRecord,
} from '@wethink/shared';
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
  | {
      kind: 'suggestFormat';
      by: 'reviewer' | 'owner';
      from: number;
      length: number;
      mark: 'strong' | 'em';
      add: boolean;
    }
  | { kind: 'decide'; who: 'author' | 'owner'; pick: number; accept: boolean }
  | { kind: 'decideAll'; who: 'author' | 'owner'; by: 'reviewer' | 'owner' | null; accept: boolean }
  | { kind: 'disconnect' }
  | { kind: 'reconnect' };

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
  fc.record({
    kind: fc.constant('suggestFormat' as const),
    by: fc.constantFrom('reviewer' as const, 'owner' as const),
    from: fc.nat(),
    length: fc.integer({ min: 1, max: 4 }),
    mark: fc.constantFrom('strong' as const, 'em' as const),
    add: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('decide' as const),
    who: fc.constantFrom('author' as const, 'owner' as const),
    pick: fc.nat(),
    accept: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('decideAll' as const),
    who: fc.constantFrom('author' as const, 'owner' as const),
    by: fc.constantFrom('reviewer' as const, 'owner' as const, null),
    accept: fc.boolean(),
  }),
  fc.constant({ kind: 'disconnect' as const }),
  fc.constant({ kind: 'reconnect' as const }),
);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ SIGN_UP_PER_MINUTE: '100000', COMMENT_WRITES_PER_MINUTE: '100000' });
});
afterAll(async () => server.stop());

describe('suggestions among plain edits', () => {
  it('with formats, accept-all and reject-all and the author dropping offline: converge, and every character is attributed to whoever first wrote it (the suggester for accepted ones)', async () => {
    let accepted = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 4, maxLength: 16 }), async (ops) => {
        const cleanups: (() => unknown)[] = [];
        try {
          const { bookId, members, authorDoc, authorProvider } = await bookWithChapter(
            server,
            'abc',
            cleanups,
          );
          const live = await commentsReader(server, members.author, bookId, cleanups);
          const text = paragraphText(authorDoc);
          for (const op of ops) {
            const length = text.length;
            if (op.kind === 'type') {
              text.insert(op.at % (length + 1), op.text);
            } else if (op.kind === 'disconnect') {
              authorProvider.disconnect();
            } else if (op.kind === 'reconnect') {
              authorProvider.connect();
            } else if (op.kind === 'suggestFormat') {
              if (length < 1) continue;
              const from = op.from % length;
              // Anchors made while the author is offline may point at text the server has not
              // seen yet: the server answers 409 anchor-gone and keeps nothing.
              const response = await members[op.by].request('POST', chapterPath(bookId, '/suggestions'), {
                id: newId(),
                kind: 'format',
                anchor: anchorOf(authorDoc, from, Math.min(length, from + op.length)),
                format: { mark: op.mark, action: op.add ? 'add' : 'remove' },
              });
              expect([201, 409]).toContain(response.status);
            } else if (op.kind === 'decideAll') {
              const by = op.by === null ? '' : `?by=${members[op.by].id}`;
              const response = await members[op.who].request(
                'POST',
                chapterPath(bookId, `/suggestions/${op.accept ? 'accept' : 'reject'}-all${by}`),
              );
              expect(response.status).toBe(200);
              const view = (await response.json()) as BulkDecisionView;
              if (op.accept) accepted += view.decided.length;
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
              // The author or the owner decides; nobody may accept their own suggestion.
              const response = await members[op.who].request(
                'POST',
                chapterPath(bookId, `/suggestions/${chosen.id}/${op.accept ? 'accept' : 'reject'}`),
              );
              const isOwn = chosen.suggestedBy === members[op.who].id;
              expect(isOwn && op.accept ? [403] : [200, 409]).toContain(response.status);
              if (response.status === 200 && op.accept) accepted += 1;
            }
          }
          if (!authorProvider.shouldConnect) authorProvider.connect();
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
          // toString() would show accepted formatting as markup: compare the characters only.
          const plain = (paragraphText(authorDoc).toDelta() as { insert: string }[])
            .map((run) => run.insert)
            .join('');
          expect(view.runs.map((run) => run.text).join('')).toBe(plain);
        } finally {
          for (const cleanup of cleanups.reverse()) await cleanup();
        }
      }),
      { numRuns: 20, seed: 22 },
    );
    expect(accepted).toBeGreaterThan(2); // the runs did accept suggestions
  }, 120_000);
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as Y from 'yjs';
import { chapterFragment, type DocName, type SuggestionRecord } from '@wethink/shared';
import { untilSynced } from '../clients';
import { anchorOf } from '../comments/comments-fixture';
import { paragraphText } from '../history/history-fixture';
import { startCluster, type ClusterInstance, type TestCluster } from '../support/cluster';
import { clientAt, clusterBook, storedDoc } from './cluster-fixture';

// Instances are child processes on one PostgreSQL and Redis: slower than a unit test.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startCluster(2);
}, 60_000);
afterAll(async () => cluster?.stop());

const ROUNDS = 6;

describe('deciding a suggestion across instances', () => {
  it('two writers on two instances accepting one suggestion at once apply it once; the other hears "already accepted"', async () => {
    const { bookId, owner, author, reviewer } = await clusterBook(cluster);
    const [first, second] = cluster.instances as [ClusterInstance, ClusterInstance];
    const chapter = `${bookId}/ch-1` as DocName;
    const writer = clientAt(first, author, bookId, chapter);
    // A reader of the comments document on the second instance keeps its replica loaded there.
    const comments = clientAt(second, owner, bookId, `${chapter}/comments` as DocName);
    try {
      await Promise.all([untilSynced(writer), untilSynced(comments)]);
      paragraphText(writer.doc).insert(0, 'Base.');
      // Suggestions are anchored to stored text: wait until the server has it.
      await expect
        .poll(async () => chapterFragment(await storedDoc(cluster, chapter)).toString(), { timeout: 5000 })
        .toContain('Base.');
      const path = `/api/books/${bookId}/chapters/ch-1/suggestions`;
      const statuses: number[][] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        const at = anchorOf(writer.doc, 0, 0).start;
        const { suggestion } = await reviewer
          .at(first.url)
          .json<{ suggestion: SuggestionRecord }>('POST', path, {
            id: `race-${round}-${bookId}`.slice(0, 64),
            kind: 'insert',
            at,
            text: `[${round}]`,
          });
        // Both instances hold the record before the race (else the second answers "still reaching
        // this server": a refusal, never a second application).
        await expect
          .poll(() => comments.doc.getMap('suggestions').has(suggestion.id), { timeout: 5000 })
          .toBe(true);
        const accept = (user: typeof owner, instance: ClusterInstance) =>
          user.at(instance.url).request('POST', `${path}/${suggestion.id}/accept`);
        const answers = await Promise.all([accept(owner, first), accept(author, second)]);
        statuses.push(answers.map((answer) => answer.status).sort());
        const loser = answers.find((answer) => answer.status === 409);
        if (loser) {
          expect(((await loser.json()) as { error: { message: string } }).error.message).toBe(
            'already accepted',
          );
        }
        // The next anchor is made on text that holds this one.
        await expect
          .poll(() => paragraphText(writer.doc).toString(), { timeout: 5000 })
          .toContain(`[${round}]`);
      }
      expect(statuses).toEqual(Array.from({ length: ROUNDS }, () => [200, 409]));
      const expected = `${Array.from({ length: ROUNDS }, (_, round) => `[${ROUNDS - 1 - round}]`).join('')}Base.`;
      await expect.poll(() => paragraphText(writer.doc).toString(), { timeout: 5000 }).toBe(expected);
      const stored: Y.Doc = await storedDoc(cluster, chapter);
      expect(chapterFragment(stored).toString()).toContain(expected);
    } finally {
      writer.destroy();
      comments.destroy();
    }
  });

  it('a burst of decisions on more chapters than the pool has connections all complete', async () => {
    // Each instance's pool has 4 connections (startCluster); a decision holds one while its change
    // is stored through others. Unbounded, six at once would take them all and wait forever.
    const { bookId, owner, author, reviewer } = await clusterBook(cluster);
    const [first] = cluster.instances as [ClusterInstance, ClusterInstance];
    const chapters = Array.from({ length: 6 }, (_, i) => `burst-${i}`);
    const writers = chapters.map((id) => clientAt(first, author, bookId, `${bookId}/${id}` as DocName));
    try {
      await Promise.all(writers.map((writer) => untilSynced(writer)));
      const ids = await Promise.all(
        chapters.map(async (id, i) => {
          const writer = writers[i]!;
          paragraphText(writer.doc).insert(0, 'Base.');
          await expect
            .poll(
              async () => chapterFragment(await storedDoc(cluster, `${bookId}/${id}` as DocName)).toString(),
              { timeout: 5000 },
            )
            .toContain('Base.');
          const path = `/api/books/${bookId}/chapters/${id}/suggestions`;
          const suggestionId = `burst-${i}-${bookId}`.slice(0, 64);
          const response = await reviewer.at(first.url).request('POST', path, {
            id: suggestionId,
            kind: 'insert',
            at: anchorOf(writer.doc, 0, 0).start,
            text: `[${i}]`,
          });
          expect(response.status).toBe(201);
          return `${path}/${suggestionId}`;
        }),
      );
      const answers = await Promise.all(
        ids.map((path) => owner.at(first.url).request('POST', `${path}/accept`)),
      );
      expect(answers.map((answer) => answer.status)).toEqual(chapters.map(() => 200));
      for (const [i, writer] of writers.entries()) {
        await expect.poll(() => paragraphText(writer.doc).toString(), { timeout: 5000 }).toBe(`[${i}]Base.`);
      }
    } finally {
      for (const writer of writers) writer.destroy();
    }
  }, 30_000);
});

/**
 * What a comment write costs as a chapter's comments pile up: every write copies the comments
 * document into a scratch doc (sync/server-changes.ts). Real server, real SQLite, over HTTP.
 * Run: cd server && node --import tsx test/measure/comment-write-costs.ts
 */
import * as Y from 'yjs';
import { startTestServer } from '../start-test-server';
import { anchorOf, bookWithChapter, postThread } from '../comments/comments-fixture';

const cleanups: (() => unknown)[] = [];
const server = await startTestServer({ COMMENT_WRITES_PER_MINUTE: '1000000' });
const { bookId, members, authorDoc } = await bookWithChapter(
  server,
  'A paragraph that many readers have opinions about, at length.',
  cleanups,
);
const anchor = anchorOf(authorDoc, 2, 11);
const body = 'I am not sure this sentence earns its place; could it be shorter? '.repeat(2);
let written = 0;
for (const target of [100, 500, 1000, 2000]) {
  while (written < target - 50) {
    await postThread(members.reviewer, bookId, anchor, body);
    written += 1;
  }
  const started = performance.now();
  for (let i = 0; i < 50; i += 1) await postThread(members.reviewer, bookId, anchor, body);
  written += 50;
  const perWrite = (performance.now() - started) / 50;
  const room = server.registry.peek(`${bookId}/ch-1/comments` as never)!;
  const bytes = Y.encodeStateAsUpdate(room.doc).byteLength;
  process.stdout.write(
    `${written} threads: ${perWrite.toFixed(2)} ms per new thread over HTTP; comments document ${(bytes / 1024).toFixed(0)} KiB (${(bytes / written).toFixed(0)} B per thread)\n`,
  );
}
for (const cleanup of cleanups.reverse()) await cleanup();
await server.stop();

import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger';
import { migrateData } from '../../src/migrate/migrate-data';
import { connectProvider, untilSynced } from '../clients';
import { anchorOf, bookWithChapter, chapterPath, postThread } from '../comments/comments-fixture';
import { paragraphText, tokensOf, untilServerText } from '../history/history-fixture';
import type { ApiUser } from '../protocol/api-user';
import { makeTempDir, startTestServer, type TestServer } from '../start-test-server';
import { createTestDatabase } from '../support/postgres';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const SECRET = 'migrate-test-secret-of-at-least-32-chars';

/** What people see of a book through the API and a fresh client: text, versions, authorship, credits. */
async function bookAsSeen(server: TestServer, user: ApiUser, bookId: string) {
  const texts: Record<string, string> = {};
  for (const name of [`${bookId}/ch-1`, `${bookId}/ch-1/comments`]) {
    const reader = connectProvider(tokensOf(server, user, bookId), name);
    await untilSynced(reader);
    texts[name] =
      JSON.stringify(reader.doc.getXmlFragment('chapter').toJSON()) +
      JSON.stringify(reader.doc.getMap('threads').toJSON());
    reader.destroy();
  }
  const get = (path: string) => user.json('GET', path);
  const { versions } = await user.json<{ versions: { id: number }[] }>(
    'GET',
    chapterPath(bookId, '/versions'),
  );
  return {
    texts,
    versions,
    versionContents: await Promise.all(
      versions.map((version) => get(chapterPath(bookId, `/versions/${version.id}`))),
    ),
    authorship: await get(chapterPath(bookId, '/authorship')),
    contributions: await get(
      chapterPath(bookId, '/contributions?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z'),
    ),
    credits: await get(`/api/books/${bookId}/credits`),
    comments: await get(chapterPath(bookId, '/comments')),
    image:
      imageSrc === null
        ? null
        : Buffer.from(await (await user.request('GET', imageSrc)).arrayBuffer()).toString('base64'),
  };
}

/** A figure's image of the book (issue 21): it must move with the book. */
let imageSrc: string | null = null;
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

describe('wethink migrate with documents', () => {
  it('moves a book SQLite → PostgreSQL → SQLite and every chapter reads the same: text, versions, authorship, contributions, comments', async () => {
    const dataDir = makeTempDir();
    const env = { STORAGE: 'sqlite', DATA_DIR: dataDir, AUTH_SECRET: SECRET, CONTRIBUTION_FLUSH_MS: '50' };
    const first = await startTestServer(env);
    const stopFirst = () => first.stop();
    cleanups.push(stopFirst);
    const book = await bookWithChapter(first, 'The book was written in the open.', cleanups);
    const { bookId, members } = book;
    // The owner edits too, so authorship has two writers; then a named version, a thread.
    const owner = connectProvider(tokensOf(first, members.owner, bookId), `${bookId}/ch-1`);
    cleanups.push(() => owner.destroy());
    await untilSynced(owner);
    paragraphText(owner.doc).insert(0, 'Preface. ');
    await untilServerText(first, `${bookId}/ch-1`, 'Preface. The book was written in the open.');
    await members.owner.json('POST', chapterPath(bookId, '/versions'), { name: 'draft one' });
    const uploaded = await fetch(`${first.url}/api/books/${bookId}/images`, {
      method: 'POST',
      headers: { cookie: members.owner.cookie, 'content-type': 'image/png' },
      body: PNG,
    });
    imageSrc = ((await uploaded.json()) as { src: string }).src;
    const thread = await postThread(
      members.reviewer,
      bookId,
      anchorOf(book.authorDoc, 13, 17),
      'Which book?',
    );
    expect(thread.status).toBe(201);
    paragraphText(book.authorDoc).insert(0, 'Later: ');
    await untilServerText(first, `${bookId}/ch-1`, 'Later: Preface. The book was written in the open.');
    owner.destroy();
    book.authorProvider.destroy();
    await first.history.flush();
    const before = await bookAsSeen(first, members.owner, bookId);
    await first.stop();

    const database = await createTestDatabase();
    const there = await migrateData({
      from: { kind: 'sqlite', dataDir },
      to: { kind: 'postgres', url: database.url },
      logger: silentLogger,
    });
    expect(there.documents).toBeGreaterThanOrEqual(2);
    expect(before.image).toBe(PNG.toString('base64'));
    const onPostgres = await startTestServer({ ...env, STORAGE: 'postgres', DATABASE_URL: database.url });
    cleanups.push(() => onPostgres.stop());
    expect(await bookAsSeen(onPostgres, members.owner.at(onPostgres.url), bookId)).toEqual(before);
    await onPostgres.stop();

    const back = makeTempDir();
    await migrateData({
      from: { kind: 'postgres', url: database.url },
      to: { kind: 'sqlite', dataDir: back },
      logger: silentLogger,
    });
    const again = await startTestServer({ ...env, DATA_DIR: back });
    cleanups.push(() => again.stop());
    expect(await bookAsSeen(again, members.owner.at(again.url), bookId)).toEqual(before);
  }, 60_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookSchema as s, chapterFragment } from '@wethink/shared';
import { appendToFragment } from '../../src/import/write-fragment';
import { startTestServer, type TestServer } from '../start-test-server';
import { write, writtenBook } from './export-fixture';

const LATER_TEXT = 'A sentence written after the versions were named.';

describe('export options: comments appendix, named versions, the book as of a time', () => {
  let server: TestServer;
  let book: Awaited<ReturnType<typeof writtenBook>>;
  let versionId: number;
  let betweenIso: string;
  const cleanups: (() => unknown)[] = [];
  const get = (query: string) =>
    book.members.owner.request('GET', `/api/books/${book.bookId}/export?${query}`);
  const html = async (query: string) => {
    const response = await get(`format=html&${query}`);
    expect(response.status, await response.clone().text()).toBe(200);
    return response.text();
  };

  beforeAll(async () => {
    server = await startTestServer();
    book = await writtenBook(server, cleanups);
    const versions = `/api/books/${book.bookId}/chapters`;
    const named = await book.members.owner.json<{ version: { id: number } }>(
      'POST',
      `${versions}/ch-1/versions`,
      { name: 'First draft' },
    );
    versionId = named.version.id;
    const second = await book.members.owner.json<{ version: { createdAt: string } }>(
      'POST',
      `${versions}/ch-2/versions`,
      { name: 'First draft' },
    );
    // Both versions are at or before this time; the edit below (a websocket round trip later) is not.
    betweenIso = second.version.createdAt;
    await write(
      server,
      book.members.owner,
      `${book.bookId}/ch-1`,
      (doc) =>
        appendToFragment(
          chapterFragment(doc),
          s.node('doc', null, [s.node('paragraph', null, [s.text(LATER_TEXT)])]),
        ),
      cleanups,
    );
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await server.stop();
  });

  it('says on the verso that comments are not included, and leaves them out, by default', async () => {
    const text = await html('');
    expect(text).toContain('Comments: not included');
    expect(text).not.toContain('Appendix: comments');
    expect(text).not.toContain('Is "Olive" right here?');
  });

  it('adds an appendix per chapter with each thread: passage, author names, comments, state', async () => {
    const text = await html('comments=appendix');
    expect(text).toContain('Comments: included as an appendix');
    const appendix = text.slice(text.indexOf('<section class="comments-appendix"'));
    expect(appendix).toContain('<h1>Appendix: comments</h1>');
    expect(appendix).toContain('<h2>Beginnings</h2>');
    expect(appendix).toContain('<blockquote><p>Olive</p></blockquote>');
    expect(appendix).toContain('<strong>Reviewer</strong>: Is "Olive" right here?');
    expect(appendix).toMatch(/<h2>Endings<\/h2>\n<p>No comments.<\/p>/);
    expect(appendix).toContain('<p class="thread-state">Open</p>');
    expect(text).not.toContain('@test.invalid');
    const markdown = await (await get('format=md&comments=appendix')).text();
    expect(markdown).toContain('comments-included: true');
    expect(markdown).toContain('# Appendix: comments\n\n## Beginnings\n\n**Thread 1**\n\n> Olive\n');
    expect(markdown).toContain('- **Reviewer**: Is "Olive" right here?');
  });

  it('exports a chapter as a named version, and says which', async () => {
    const current = await html('');
    expect(current).toContain(LATER_TEXT);
    const text = await html(`versions=ch-1:${versionId}`);
    expect(text).not.toContain(LATER_TEXT);
    expect(text).toContain('Olive opens the book with a plain sentence.');
    expect(text).toMatch(/\u201cBeginnings\u201d: version \u201cFirst draft\u201d of \d{4}-/);
    expect(text).toContain('Arthur writes the second chapter');
  });

  it('exports the book as of a time, byte-identical twice, leaving out chapters that had no text then', async () => {
    const asOf = await html(`asOf=${encodeURIComponent(betweenIso)}`);
    expect(asOf).not.toContain(LATER_TEXT);
    expect(asOf).toContain('Olive opens the book');
    expect(asOf).toContain('Arthur writes the second chapter');
    expect(asOf).toContain(`Text: the book as of ${betweenIso.replace(/\.\d{3}Z$/, 'Z')}`);
    const bytes = async (format: string) =>
      new Uint8Array(
        await (await get(`format=${format}&asOf=${encodeURIComponent(betweenIso)}`)).arrayBuffer(),
      );
    for (const format of ['epub', 'md']) expect(await bytes(format), format).toEqual(await bytes(format));
    const before = await html('asOf=2001-01-01T00:00:00Z');
    expect(before).toContain('Left out: \u201cBeginnings\u201d had no saved text at that time');
    expect(before).toContain('Left out: \u201cEndings\u201d had no saved text at that time');
    expect(before).not.toContain('Olive opens the book');
  });

  it('refuses bad options with 400 and a message naming them', async () => {
    const cases: [string, RegExp][] = [
      ['format=html&comments=maybe', /comments/],
      ['format=html&asOf=yesterday', /asOf must be an ISO 8601 time/],
      ['format=html&versions=ch-1:first', /versions must be chapterId:versionId pairs/],
      ['format=html&versions=no-such:1', /versions: no chapter no-such/],
      ['format=html&versions=ch-1:999999', /chapter ch-1 has no version 999999/],
      [`format=html&versions=ch-1:${versionId}&asOf=2020-01-01T00:00:00Z`, /choose asOf or versions/],
      ['format=md&markdown=tar', /markdown/],
      [`format=epub&cover=${'b'.repeat(64)}`, /cover: the book has no image/],
      ['format=html&cover=../../etc', /cover must be the id/],
    ];
    for (const [query, message] of cases) {
      const response = await get(query);
      expect(response.status, query).toBe(400);
      expect(await response.text(), query).toMatch(message);
    }
  });
});

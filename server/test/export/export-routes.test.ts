import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocName } from '@wethink/shared';
import { startTestServer, type TestServer } from '../start-test-server';
import { anchorOf, newId } from '../comments/comments-fixture';
import { BOOK_TITLE, exportAs, writtenBook } from './export-fixture';

describe('GET /api/books/:book/export', () => {
  let server: TestServer;
  let book: Awaited<ReturnType<typeof writtenBook>>;
  const cleanups: (() => unknown)[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    book = await writtenBook(server, cleanups);
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await server.stop();
  });

  it('exports HTML with the chapters in order, footnotes and a contributors page without e-mails', async () => {
    const response = await exportAs(book.members.reader, book.bookId, 'html');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-disposition')).toContain('filename="The-Book-of-Export.html"');
    const html = await response.text();
    expect(html).toContain(`<title>${BOOK_TITLE}</title>`);
    const order = ['Beginnings', 'A section heading', 'Endings', 'Arthur writes', 'Contributors'];
    const body = html.slice(html.indexOf('<section class="chapter"'));
    const positions = order.map((text) => body.indexOf(text));
    expect(positions.every((at) => at >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(html).toContain('The first note, with &lt;angle&gt; &amp; ampersand.');
    expect(html).toContain('<ol start="3">');
    expect(html).toMatch(/<strong>Olive<\/strong>, \d+ words: Beginnings/);
    expect(html).toMatch(/<strong>Author<\/strong>, 1\d words: Endings/);
    expect(html).toMatch(/<strong>Reviewer<\/strong> \(reviewer\), 1 comment on Beginnings \(1 comment\)/);
    expect(html).not.toContain('@test.invalid');
  });

  it("counts each contributor's accepted suggestions on the contributors page", async () => {
    const other = await writtenBook(server, cleanups);
    const { owner, reviewer } = other.members;
    const suggest = async (text: string) => {
      const id = newId();
      const made = await reviewer.request('POST', `/api/books/${other.bookId}/chapters/ch-1/suggestions`, {
        id,
        kind: 'insert',
        at: anchorOf(other.ownerChapterDoc, 0, 0).start,
        text,
      });
      expect(made.status).toBe(201);
      return id;
    };
    for (const id of [await suggest('Yes. '), await suggest('Indeed. ')]) {
      const accepted = await owner.request(
        'POST',
        `/api/books/${other.bookId}/chapters/ch-1/suggestions/${id}/accept`,
      );
      expect(accepted.status).toBe(200);
    }
    const html = await (await exportAs(owner, other.bookId, 'html')).text();
    // The reviewer's accepted words are theirs now: credited as writing, with the count.
    expect(html).toMatch(/<strong>Reviewer<\/strong>, 2 words, 2 suggestions accepted: Beginnings/);
    const markdown = await (await exportAs(owner, other.bookId, 'md')).text();
    expect(markdown).toMatch(/name: "Reviewer", words: 2, suggestions-accepted: 2/);
  });

  it('exports Markdown with front matter, a heading per chapter and footnote definitions', async () => {
    const response = await exportAs(book.members.owner, book.bookId, 'md');
    expect(response.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    const markdown = await response.text();
    expect(markdown.startsWith('---\ntitle: "The Book of Export"\n')).toBe(true);
    expect(markdown).toContain('# Beginnings\n');
    expect(markdown).toContain('# Endings\n');
    expect(markdown).toMatch(/\[\^1\]: The first note, with \\<angle\\> \\& ampersand\.\n/);
    expect(markdown).toContain('[^3]: And a third note.');
    expect(markdown).toContain('3. Third item');
    expect(markdown).toContain('[link](https://example.com/a?b=1&c=2)');
    expect(markdown).not.toContain('@test.invalid');
  });

  it('leaves the live chapter untouched: its state vector is the same after an export', async () => {
    const room = server.registry.peek(`${book.bookId}/ch-1` as DocName)!;
    const before = Y.encodeStateVector(room.doc);
    const xml = book.fragmentXml();
    await exportAs(book.members.owner, book.bookId, 'epub');
    await exportAs(book.members.owner, book.bookId, 'docx');
    expect(Y.encodeStateVector(room.doc)).toEqual(before);
    expect(book.fragmentXml()).toBe(xml);
  });

  it('answers 401 signed out, 404 to a non-member, 400 for an unknown format', async () => {
    const signedOut = await fetch(`${server.url}/api/books/${book.bookId}/export?format=html`);
    expect(signedOut.status).toBe(401);
    const stranger = await book.stranger.request('GET', `/api/books/${book.bookId}/export?format=html`);
    expect(stranger.status).toBe(404);
    const unknownBook = await book.members.owner.request('GET', '/api/books/no-such-book/export?format=html');
    expect(unknownBook.status).toBe(404);
    const badFormat = await book.members.owner.request('GET', `/api/books/${book.bookId}/export?format=rtf`);
    expect(badFormat.status).toBe(400);
    expect(((await badFormat.json()) as { error: { message: string } }).error.message).toContain('"rtf"');
    const noFormat = await book.members.owner.request('GET', `/api/books/${book.bookId}/export`);
    expect(noFormat.status).toBe(400);
  });
});

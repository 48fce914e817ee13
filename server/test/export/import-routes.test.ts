import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_CHAPTERS, type CreditsView, type VersionView } from '@wethink/shared';
import type { ApiUser } from '../protocol/api-user';
import { startTestServer, type TestServer } from '../start-test-server';
import { exportAs, writtenBook } from './export-fixture';

interface Imported {
  bookId: string;
  chapters: { id: string; title: string }[];
  unsupported: Record<string, number>;
  versionIds: number[];
}

/** The chapters of a Markdown export: everything after the front matter. */
const chaptersOf = (markdown: string): string => markdown.slice(markdown.indexOf('\n---\n') + 5);

describe('POST /api/books/import', () => {
  let server: TestServer;
  let book: Awaited<ReturnType<typeof writtenBook>>;
  const cleanups: (() => unknown)[] = [];

  const importAs = (
    user: ApiUser,
    path: string,
    body: Uint8Array | string,
    type = 'application/octet-stream',
  ) =>
    fetch(`${server.url}${path}`, {
      method: 'POST',
      headers: { cookie: user.cookie, 'content-type': type },
      body,
    });

  beforeAll(async () => {
    server = await startTestServer();
    book = await writtenBook(server, cleanups);
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await server.stop();
  });

  for (const format of ['md', 'html', 'docx'] as const) {
    it(`imports an exported ${format} file as a new book that exports to the same chapters`, async () => {
      const original = await exportAs(book.members.author, book.bookId, 'md');
      const file = new Uint8Array(
        await (await exportAs(book.members.author, book.bookId, format)).arrayBuffer(),
      );
      const response = await importAs(
        book.members.author,
        `/api/books/import?format=${format}&filename=book.${format}&title=Imported`,
        file,
      );
      expect(response.status).toBe(201);
      const imported = (await response.json()) as Imported;
      expect(imported.chapters.map((chapter) => chapter.title)).toEqual(['Beginnings', 'Endings']);
      expect(imported.unsupported).toEqual({});
      const again = await (await exportAs(book.members.author, imported.bookId, 'md')).text();
      // mammoth reads neither a list's start number nor a horizontal rule out of a DOCX.
      const comparable = (markdown: string) =>
        format === 'docx'
          ? chaptersOf(markdown)
              .replace(/^\d+\. /gm, 'N. ')
              .replace(/^---\n\n/gm, '')
          : chaptersOf(markdown);
      expect(comparable(again)).toBe(comparable(await original.text()));
      // Attributed to the importer, server-side, and a named version of each chapter.
      const credits = await book.members.author.json<CreditsView>(
        'GET',
        `/api/books/${imported.bookId}/credits`,
      );
      expect(credits.authors.map((author) => author.name)).toEqual(['Author']);
      const { versions } = await book.members.author.json<{ versions: VersionView[] }>(
        'GET',
        `/api/books/${imported.bookId}/chapters/${imported.chapters[0]!.id}/versions`,
      );
      expect(versions.find((version) => version.kind === 'named')?.name).toBe(`Imported from book.${format}`);
    });
  }

  it('appends chapters to a book and reports what the schema cannot hold', async () => {
    const markdown = [
      '# Appendix',
      '',
      'Text with `code` and ![a picture](https://example.com/p.png).',
      '',
      '```',
      'let x = 1;',
      '```',
      '',
      '##### Deep heading',
    ].join('\n');
    const response = await importAs(
      book.members.owner,
      `/api/books/${book.bookId}/import?format=md`,
      markdown,
      'text/markdown',
    );
    expect(response.status).toBe(201);
    const imported = (await response.json()) as Imported;
    expect(imported.bookId).toBe(book.bookId);
    expect(imported.unsupported).toEqual({
      'code block kept as text': 1,
      'heading below level 3 made level 3': 1,
      'image (its description kept as text)': 1,
      'inline code kept as text': 1,
    });
    const html = await (await exportAs(book.members.owner, book.bookId, 'html')).text();
    expect(html.indexOf('Appendix')).toBeGreaterThan(html.indexOf('Endings'));
    expect(html).toContain('Text with code and a picture.');
  });

  it('removes scripts from HTML and counts them, and keeps tables as tables', async () => {
    const html =
      '<h1>Safe</h1><p>Kept<script>alert(1)</script> <a href="javascript:alert(2)">text</a></p><table><tr><td>cell</td></tr></table>';
    const response = await importAs(book.members.owner, '/api/books/import?format=html', html, 'text/html');
    expect(response.status).toBe(201);
    const imported = (await response.json()) as Imported;
    expect(imported.unsupported).toMatchObject({
      '<script> removed': 1,
      'link to an unsafe address kept as text': 1,
    });
    expect(Object.keys(imported.unsupported).filter((key) => /<t[a-z]*>/.test(key))).toEqual([]);
    const exported = await (await exportAs(book.members.owner, imported.bookId, 'html')).text();
    expect(exported).not.toContain('alert');
    expect(exported).toMatch(/<table[\s\S]*cell[\s\S]*<\/table>/);
  });

  it('refuses bad input with a clear error and changes nothing', async () => {
    const latin1 = new Uint8Array([0x23, 0x20, 0x43, 0x61, 0x66, 0xe9]);
    const notUtf8 = await importAs(book.members.owner, '/api/books/import?format=md', latin1);
    expect(notUtf8.status).toBe(400);
    expect(await notUtf8.text()).toContain('not UTF-8');
    const corrupt = await importAs(
      book.members.owner,
      '/api/books/import?format=docx',
      new Uint8Array([80, 75, 3, 4, 1, 2]),
    );
    expect(corrupt.status).toBe(400);
    const tooLarge = await importAs(
      book.members.owner,
      '/api/books/import?format=md',
      new Uint8Array(21 * 1024 * 1024),
    );
    expect(tooLarge.status).toBe(413);
    const badFormat = await importAs(book.members.owner, '/api/books/import?format=rtf', 'x');
    expect(badFormat.status).toBe(400);
    // More chapters than a book holds: refused before anything is written.
    const many = Array.from({ length: MAX_CHAPTERS + 1 }, (_, i) => `# Chapter ${i + 1}\n\nText ${i}.\n`);
    const books = async () =>
      (await book.members.owner.json<{ books: unknown[] }>('GET', '/api/books')).books.length;
    const booksBefore = await books();
    const tooMany = await importAs(book.members.owner, '/api/books/import?format=md', many.join('\n'));
    expect(tooMany.status).toBe(413);
    expect(await tooMany.text()).toContain(`at most ${MAX_CHAPTERS} chapters`);
    expect(await books()).toBe(booksBefore);
  });

  it('answers 401 signed out, 403 to a reader, 404 to a stranger', async () => {
    const signedOut = await fetch(`${server.url}/api/books/import?format=md`, {
      method: 'POST',
      headers: { 'content-type': 'text/markdown' },
      body: '# A',
    });
    expect(signedOut.status).toBe(401);
    const reader = await importAs(book.members.reader, `/api/books/${book.bookId}/import?format=md`, '# A');
    expect(reader.status).toBe(403);
    const stranger = await importAs(book.stranger, `/api/books/${book.bookId}/import?format=md`, '# A');
    expect(stranger.status).toBe(404);
  });
});

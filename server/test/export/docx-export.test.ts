import { unzipSync } from 'fflate';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../start-test-server';
import { exportAs, writtenBook } from './export-fixture';

describe('DOCX export', () => {
  let server: TestServer;
  let book: Awaited<ReturnType<typeof writtenBook>>;
  let docx: Uint8Array;
  const cleanups: (() => unknown)[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    book = await writtenBook(server, cleanups);
    const response = await exportAs(book.members.reviewer, book.bookId, 'docx');
    expect(response.headers.get('content-type')).toBe(
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    );
    docx = new Uint8Array(await response.arrayBuffer());
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await server.stop();
  });

  it('uses Word heading styles, a TOC field, real footnotes, numbered lists and links', () => {
    const files = unzipSync(docx);
    const document = new TextDecoder().decode(files['word/document.xml']);
    expect(document).toContain('<w:pStyle w:val="Heading1"/>');
    expect(document).toContain('<w:pStyle w:val="Heading2"/>');
    expect(document).toContain('TOC \\h \\o &quot;1-1&quot;');
    expect(document.match(/<w:footnoteReference w:id="\d+"\/>/g)).toHaveLength(3);
    expect(document).toContain('<w:pStyle w:val="Quote"/>');
    const footnotes = new TextDecoder().decode(files['word/footnotes.xml']);
    expect(footnotes).toContain('The first note, with &lt;angle&gt; &amp; ampersand.');
    expect(footnotes).toContain('And a third note.');
    const numbering = new TextDecoder().decode(files['word/numbering.xml']);
    expect(numbering).toContain('<w:start w:val="3"/>');
    const relationships = new TextDecoder().decode(files['word/_rels/document.xml.rels']);
    expect(relationships).toContain('Target="https://example.com/a?b=1&amp;c=2"');
  });

  it('opens again with the import converter (mammoth), with every chapter, note and contributor', async () => {
    const { value: html } = await mammoth.convertToHtml({ buffer: Buffer.from(docx) });
    expect(html).toMatch(/<h1>(<a id="_Toc1"><\/a>)?Beginnings<\/h1>/);
    expect(html).toMatch(/<h1>(<a id="_Toc2"><\/a>)?Endings<\/h1>/);
    expect(html).toContain('<h2>A section heading</h2>');
    expect(html).toContain('<a href="https://example.com/a?b=1&amp;c=2">link</a>');
    expect(html).toContain('The first note, with &lt;angle&gt; &amp; ampersand.');
    expect(html).toContain('Arthur writes the second chapter in his own words.');
    expect(html).toMatch(/Reviewer \(reviewer\), 1 comment on Beginnings/);
    expect(html).not.toContain('@test.invalid');
  });

  it('is byte-identical when exported again at the same second', async () => {
    const again = new Uint8Array(
      await (await exportAs(book.members.owner, book.bookId, 'docx')).arrayBuffer(),
    );
    const withoutTime = (zip: Uint8Array) => {
      const files = Object.entries(unzipSync(zip)).map(([name, data]) => [
        name,
        new TextDecoder().decode(data),
      ]);
      return Object.fromEntries(
        files.map(([name, xml]) => [name, xml!.replace(/\d{4}-\d\d-\d\dT[\d:]+Z/g, '')]),
      );
    };
    expect(withoutTime(again)).toEqual(withoutTime(docx));
  });
});

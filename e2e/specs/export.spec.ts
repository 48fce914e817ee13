import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, startBook, test } from '../fixtures/authors';
import { CommentsPage } from '../pages/comments-page';
import { ExportPage } from '../pages/export-page';
import { StructurePage } from '../pages/structure-page';

/** A 2×1 PNG for the cover. */
const COVER = fileURLToPath(new URL('../fixtures/files/cover.png', import.meta.url));

/** poppler-utils' tools (scripts/test.sh installs them). */
const run = promisify(execFile);

/** A zip's local file headers, in order: each entry's name (enough to check an EPUB's first entry). */
/**
 * The names of a zip's entries in order, from its central directory (a streamed zip's local headers
 * carry no sizes: each entry's are in a data descriptor after its data, so they cannot be walked).
 */
function zipEntryNames(bytes: Buffer): string[] {
  const end = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (end < 0) throw new Error('not a zip: no end of central directory');
  const count = bytes.readUInt16LE(end + 10);
  const names: string[] = [];
  let at = bytes.readUInt32LE(end + 16);
  for (let i = 0; i < count; i += 1) {
    if (bytes.readUInt32LE(at) !== 0x02014b50) throw new Error(`no central directory header at ${at}`);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    names.push(bytes.toString('utf8', at + 46, at + 46 + nameLength));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return names;
}

test('a book written by two authors downloads from the Export dialog as EPUB (with an uploaded cover) and DOCX', async ({
  newAuthor,
}) => {
  test.setTimeout(90_000);
  const [ada, ben] = await Promise.all([newAuthor('Ada'), newAuthor('Ben')]);
  const { bookId } = await startBook([ada, ben]);
  await ada.chapter.focusEnd();
  await ada.chapter.type('Ada wrote this.');
  await ada.chapter.expectStage('saved');
  await ben.chapter.focusEnd();
  await ben.chapter.press('Enter');
  await ben.chapter.type('Ben wrote that.');
  await ben.chapter.expectStage('saved');

  await ada.page.goto(`/books/${bookId}`);
  const exporter = new ExportPage(ada.page);
  await exporter.open();

  await exporter.uploadCover(COVER);
  const epub = await exporter.download('epub');
  expect(epub.suggestedFilename()).toBe('A-book-by-Ada.epub');
  const epubBytes = await readFile(await epub.path());
  expect(epubBytes.length).toBeGreaterThan(0);
  expect(epubBytes.subarray(0, 2).toString('latin1')).toBe('PK');
  expect(zipEntryNames(epubBytes)[0]).toBe('mimetype');
  expect(zipEntryNames(epubBytes)).toContain('OEBPS/images/cover.png');
  expect(epubBytes.includes(Buffer.from('application/epub+zip'))).toBe(true);

  const docx = await exporter.download('docx');
  expect(docx.suggestedFilename()).toBe('A-book-by-Ada.docx');
  const docxBytes = await readFile(await docx.path());
  expect(docxBytes.length).toBeGreaterThan(0);
  expect(docxBytes.subarray(0, 2).toString('latin1')).toBe('PK');
  expect(docxBytes.includes(Buffer.from('word/document.xml'))).toBe(true);
});

test('the owner downloads a PDF from the Export dialog; an export of a named version with comments has the appendix', async ({
  newAuthor,
}) => {
  test.setTimeout(120_000);
  const [ada, ben] = await Promise.all([newAuthor('Ada'), newAuthor('Ben')]);
  const { bookId } = await startBook([ada, ben]);
  await ada.chapter.focusEnd();
  await ada.chapter.type('Ada wrote this sentence for the printer.');
  await ada.chapter.expectStage('saved');
  await new CommentsPage(ben.page).commentOn('sentence for the printer', 'Is the printer ready?');
  // A named version, then more text that only the current export has.
  await ada.history.open();
  await ada.history.nameVersion('Before the epilogue');
  await ada.chapter.focusEnd();
  await ada.chapter.type(' An epilogue written later.');
  await ada.chapter.expectStage('saved');

  await ada.page.goto(`/books/${bookId}`);
  const [chapterTitle] = await new StructurePage(ada.page).titles();
  const exporter = new ExportPage(ada.page);
  await exporter.open();

  const pdf = await exporter.download('pdf');
  expect(pdf.suggestedFilename()).toBe('A-book-by-Ada.pdf');
  const pdfPath = await pdf.path();
  expect((await readFile(pdfPath)).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  // Lines wrap where the page ends them: compare with whitespace collapsed.
  const pdfText = (await run('pdftotext', [pdfPath, '-'])).stdout.replace(/\s+/g, ' ');
  expect(pdfText).toContain(chapterTitle!.trim());
  expect(pdfText).toContain('Ada wrote this sentence for the printer.');
  expect(pdfText).toContain('Comments: not included');
  expect(pdfText).toContain('An epilogue written later.');

  await exporter.setComments(true);
  await exporter.chooseVersion(chapterTitle!.trim(), 'Before the epilogue');
  const html = await readFile(await (await exporter.download('html')).path(), 'utf8');
  expect(html).not.toContain('An epilogue written later.');
  expect(html).toMatch(/: version \u201cBefore the epilogue\u201d of \d{4}-/);
  expect(html).toContain('Comments: included as an appendix');
  expect(html).toContain('<h1>Appendix: comments</h1>');
  expect(html).toContain('<blockquote><p>sentence for the printer</p></blockquote>');
  expect(html).toContain('<strong>Ben</strong>: Is the printer ready?');
});

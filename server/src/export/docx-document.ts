import {
  AlignmentType,
  Document,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  TableOfContents,
  type ILevelsOptions,
} from 'docx';
import { unzipSync } from 'fflate';
import type { ExportBook } from './export-book';
import type { ExportBody } from './export-body';
import { docxImages, type DocxImages } from './docx-images';
import { zipStream, type ZipEntry } from './zip-stream';
import { DocxWriter, QUOTE_STYLE } from './docx-writer';
import { commentsAppendix, contributorsPage, FRONT_MATTER_STYLES, frontMatter } from './docx-pages';

function orderedLevels(start: number): ILevelsOptions[] {
  return Array.from({ length: 9 }, (_, level) => ({
    level,
    format: LevelFormat.DECIMAL,
    text: `%${level + 1}.`,
    start: level === 0 ? start : 1,
    alignment: AlignmentType.START,
    style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
  }));
}

/**
 * The book as a Word document: Word's heading styles (chapter titles are Heading 1), a TOC field
 * (Word fills it in on opening), real footnotes, numbered and bulleted lists, quotes, links.
 * Byte-identical for the same book and time: the zip is rewritten with fixed entry times and the
 * document's dates set to the export's.
 */
export async function renderDocx(book: ExportBook): Promise<ExportBody> {
  const images = await docxImages(book);
  const writer = new DocxWriter(images.figures);
  const chapters = book.chapters.flatMap((chapter) => [
    new Paragraph({ heading: HeadingLevel.HEADING_1, text: chapter.title, pageBreakBefore: true }),
    ...writer.blocks(chapter.doc, { listLevel: 0, isQuote: false }),
  ]);
  const document = new Document({
    title: book.title,
    creator: book.contributors.authors.map((author) => author.name).join(', ') || 'wethink',
    lastModifiedBy: 'wethink',
    revision: 1,
    features: { updateFields: true },
    footnotes: writer.footnotes,
    numbering: {
      config: [...writer.orderedStarts].map((start) => ({
        reference: `ordered-${start}`,
        levels: orderedLevels(start),
      })),
    },
    styles: {
      paragraphStyles: [
        {
          id: FRONT_MATTER_STYLES.title,
          name: 'Book Title',
          run: { size: 48, bold: true },
          paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 2400, after: 480 } },
        },
        {
          id: FRONT_MATTER_STYLES.byline,
          name: 'Book Byline',
          run: { size: 28 },
          paragraph: { alignment: AlignmentType.CENTER },
        },
        { id: FRONT_MATTER_STYLES.credits, name: 'Book Credits', run: { size: 22 } },
        {
          id: QUOTE_STYLE,
          name: 'Quote',
          basedOn: 'Normal',
          run: { italics: true },
          paragraph: { indent: { left: 720, right: 720 } },
        },
      ],
    },
    sections: [
      {
        children: [
          ...frontMatter(book, images.cover),
          new TableOfContents('Contents', { hyperlink: true, headingStyleRange: '1-1' }),
          ...chapters,
          ...contributorsPage(book),
          ...(book.comments ? commentsAppendix(book.comments) : []),
        ],
      },
    ],
  });
  return zipStream(repeatableEntries(await Packer.toBuffer(document), book.modifiedAt, images));
}

/**
 * The package's entries again, made repeatable: creation and modification dates set to `at`, the
 * random relationship ids docx gives hyperlinks renamed in order of appearance (the zip's entry
 * times are fixed by zipStream); each image's stand-in replaced by its bytes, read when reached.
 */
async function* repeatableEntries(docx: Uint8Array, at: Date, images: DocxImages): AsyncGenerator<ZipEntry> {
  const iso = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const files = unzipSync(docx);
  // docx numbers bookmarks with counters that live as long as the process, and links randomly.
  const renamers = [
    { pattern: /"rId([A-Za-z0-9_-]{12,})"/g, name: (n: number) => `"rIdLink${n}"` },
    { pattern: /\b_Toc(\d+)\b/g, name: (n: number) => `_Toc${n}` },
    { pattern: /(<w:bookmark(?:Start|End)\b[^>]*w:id=)"(\d+)"/g, name: (n: number) => `"${n}"` },
    // Drawings (images) too: docPr ids count up for as long as the process lives.
    { pattern: /(<wp:docPr\b[^>]*?\bid=)"(\d+)"/g, name: (n: number) => `"${n}"` },
    { pattern: /(<pic:cNvPr\b[^>]*?\bid=)"(\d+)"/g, name: (n: number) => `"${n}"` },
  ].map((renamer) => ({ ...renamer, renamed: new Map<string, string>() }));
  const stableIds = (xml: string): string =>
    renamers.reduce(
      (text, { pattern, name, renamed }) =>
        text.replace(pattern, (match: string, ...groups: string[]) => {
          const prefix = groups.length > 3 ? groups[0]! : '';
          const id = groups.length > 3 ? groups[1]! : groups[0]!;
          if (!renamed.has(id)) renamed.set(id, name(renamed.size + 1));
          return `${prefix}${renamed.get(id)}`;
        }),
      xml,
    );
  for (const [path, data] of Object.entries(files)) {
    const image = path.startsWith('word/media/') ? images.imageOf(data) : undefined;
    if (image) {
      yield { path, data: await image.read(), isCompressed: true };
      continue;
    }
    if (!path.endsWith('.xml') && !path.endsWith('.rels')) {
      yield { path, data };
      continue;
    }
    let xml = stableIds(new TextDecoder().decode(data));
    if (path === 'docProps/core.xml') {
      xml = xml.replace(/(<dcterms:(created|modified)[^>]*>)[^<]*(<\/dcterms:\2>)/g, `$1${iso}$3`);
    }
    yield { path, data: xml };
  }
}

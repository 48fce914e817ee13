import {
  AlignmentType,
  Document,
  ExternalHyperlink,
  FootnoteReferenceRun,
  HeadingLevel,
  LevelFormat,
  Packer,
  Paragraph,
  TableOfContents,
  TextRun,
  type ILevelsOptions,
  type ParagraphChild,
} from 'docx';
import { unzipSync } from 'fflate';
import type { Node } from 'prosemirror-model';
import { clampHeadingLevel, sanitizeHref } from '@wethink/shared';
import { plural } from './book-pages';
import type { ExportBook } from './export-book';
import { zipArchive } from './zip-archive';

/**
 * Styles of what an export adds around the chapters. A DOCX import ignores paragraphs in them
 * (see import/docx-import.ts), so an exported file imports back as its chapters.
 */
export const FRONT_MATTER_STYLES = {
  title: 'BookTitle',
  byline: 'BookByline',
  credits: 'BookCredits',
} as const;

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3] as const;
const QUOTE_STYLE = 'Quote';

/** Builds Word paragraphs from chapters; numbers footnotes and ordered lists across the book. */
class DocxWriter {
  readonly footnotes: Record<string, { children: Paragraph[] }> = {};
  readonly orderedStarts = new Set<number>();
  private nextFootnote = 1;
  private nextListInstance = 1;

  blocks(node: Node, context: { listLevel: number; isQuote: boolean }): Paragraph[] {
    const out: Paragraph[] = [];
    node.forEach((child) => out.push(...this.block(child, context)));
    return out;
  }

  private block(node: Node, context: { listLevel: number; isQuote: boolean }): Paragraph[] {
    const style = context.isQuote ? { style: QUOTE_STYLE } : {};
    switch (node.type.name) {
      case 'paragraph':
        return [new Paragraph({ ...style, children: this.inline(node) })];
      case 'heading':
        return [
          new Paragraph({
            heading: HEADINGS[clampHeadingLevel(node.attrs.level) - 1],
            children: this.inline(node),
          }),
        ];
      case 'horizontal_rule':
        return [new Paragraph({ thematicBreak: true, children: [] })];
      case 'blockquote':
        return this.blocks(node, { ...context, isQuote: true });
      case 'bullet_list':
      case 'ordered_list':
        return this.list(node, context);
      // Not embedded yet (issue 21): a figure is its alt text and caption; a table, a paragraph per
      // row with its cells separated by tabs.
      case 'figure':
        return [
          new Paragraph({
            ...style,
            children: [
              new TextRun({ text: `[${String(node.attrs.alt) || 'image'}] `, italics: true }),
              ...this.inline(node),
            ],
          }),
        ];
      case 'table': {
        const rows: Paragraph[] = [];
        node.forEach((row) => {
          const cells: string[] = [];
          row.forEach((cell) => cells.push(cell.textContent));
          rows.push(new Paragraph({ ...style, children: [new TextRun(cells.join('\t'))] }));
        });
        return rows;
      }
      default:
        throw new RangeError(`no DOCX for a ${node.type.name} block`);
    }
  }

  /** Each item's first paragraph carries the bullet or number; nested lists go one level deeper. */
  private list(node: Node, context: { listLevel: number; isQuote: boolean }): Paragraph[] {
    const isOrdered = node.type.name === 'ordered_list';
    const start = Number.isInteger(node.attrs.order) ? Number(node.attrs.order) : 1;
    if (isOrdered) this.orderedStarts.add(start);
    const instance = this.nextListInstance++;
    const level = Math.min(context.listLevel, 8);
    const out: Paragraph[] = [];
    node.forEach((item) => {
      item.forEach((child, _offset, index) => {
        if (index === 0 && child.type.name === 'paragraph') {
          out.push(
            new Paragraph({
              ...(context.isQuote ? { style: QUOTE_STYLE } : {}),
              children: this.inline(child),
              ...(isOrdered
                ? { numbering: { reference: `ordered-${start}`, level, instance } }
                : { bullet: { level } }),
            }),
          );
        } else {
          const inner = { ...context, listLevel: context.listLevel + 1 };
          out.push(
            ...(child.type.name.endsWith('_list') ? this.list(child, inner) : this.block(child, inner)),
          );
        }
      });
    });
    return out;
  }

  private inline(parent: Node): ParagraphChild[] {
    const runs: ParagraphChild[] = [];
    parent.forEach((child) => {
      if (child.type.name === 'hard_break') runs.push(new TextRun({ break: 1 }));
      else if (child.type.name === 'note') runs.push(this.footnote(String(child.attrs.text)));
      else if (child.isText) {
        const has = (name: string) => child.marks.some((mark) => mark.type.name === name);
        const link = child.marks.find((mark) => mark.type.name === 'link');
        const href = link ? sanitizeHref(String(link.attrs.href)) : null;
        const run = new TextRun({
          text: child.text ?? '',
          bold: has('strong'),
          italics: has('em'),
          ...(href ? { style: 'Hyperlink' } : {}),
        });
        runs.push(
          href && !href.startsWith('#') ? new ExternalHyperlink({ link: href, children: [run] }) : run,
        );
      }
    });
    return runs;
  }

  private footnote(text: string): FootnoteReferenceRun {
    const id = this.nextFootnote++;
    this.footnotes[String(id)] = { children: [new Paragraph(text)] };
    return new FootnoteReferenceRun(id);
  }
}

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

function frontMatter(book: ExportBook): Paragraph[] {
  const names = book.contributors.authors.map((author) => author.name);
  return [
    new Paragraph({ style: FRONT_MATTER_STYLES.title, text: book.title }),
    ...(names.length > 0
      ? [new Paragraph({ style: FRONT_MATTER_STYLES.byline, text: names.join(', ') })]
      : []),
  ];
}

function contributorsPage(book: ExportBook): Paragraph[] {
  const credits = (text: string) => new Paragraph({ style: FRONT_MATTER_STYLES.credits, text });
  const out = [
    new Paragraph({ style: FRONT_MATTER_STYLES.title, text: 'Contributors', pageBreakBefore: true }),
  ];
  for (const author of book.contributors.authors) {
    const chapters = author.chapters
      .map((c) => `${c.title} (${plural(c.words, 'word', 'words')})`)
      .join('; ');
    out.push(credits(`${author.name}, ${plural(author.words, 'word', 'words')}: ${chapters}`));
  }
  for (const commenter of book.contributors.commenters) {
    const chapters = commenter.chapters
      .map((c) => `${c.title} (${plural(c.comments, 'comment', 'comments')})`)
      .join('; ');
    const role = commenter.role ?? 'former member';
    out.push(
      credits(
        `${commenter.name} (${role}), ${plural(commenter.comments, 'comment', 'comments')} on ${chapters}`,
      ),
    );
  }
  out.push(credits('Comments themselves are not included in this export.'));
  return out;
}

/**
 * The book as a Word document: Word's heading styles (chapter titles are Heading 1), a TOC field
 * (Word fills it in on opening), real footnotes, numbered and bulleted lists, quotes, links.
 * Byte-identical for the same book and time: the zip is rewritten with fixed entry times and the
 * document's dates set to the export's.
 */
export async function renderDocx(book: ExportBook): Promise<Uint8Array> {
  const writer = new DocxWriter();
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
          ...frontMatter(book),
          new TableOfContents('Contents', { hyperlink: true, headingStyleRange: '1-1' }),
          ...chapters,
          ...contributorsPage(book),
        ],
      },
    ],
  });
  return withFixedDates(await Packer.toBuffer(document), book.modifiedAt);
}

/**
 * The package again, made repeatable: creation and modification dates set to `at`, the random
 * relationship ids docx gives hyperlinks renamed in order of appearance, fixed zip entry times.
 */
function withFixedDates(docx: Uint8Array, at: Date): Uint8Array {
  const iso = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const files = unzipSync(docx);
  // docx numbers bookmarks with counters that live as long as the process, and links randomly.
  const renamers = [
    { pattern: /"rId([A-Za-z0-9_-]{12,})"/g, name: (n: number) => `"rIdLink${n}"` },
    { pattern: /\b_Toc(\d+)\b/g, name: (n: number) => `_Toc${n}` },
    { pattern: /(<w:bookmark(?:Start|End)\b[^>]*w:id=)"(\d+)"/g, name: (n: number) => `"${n}"` },
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
  return zipArchive(
    Object.entries(files).map(([path, data]) => {
      if (!path.endsWith('.xml') && !path.endsWith('.rels')) return { path, data };
      let xml = stableIds(new TextDecoder().decode(data));
      if (path === 'docProps/core.xml') {
        xml = xml.replace(/(<dcterms:(created|modified)[^>]*>)[^<]*(<\/dcterms:\2>)/g, `$1${iso}$3`);
      }
      return { path, data: xml };
    }),
  );
}

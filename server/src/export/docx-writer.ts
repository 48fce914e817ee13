import {
  ExternalHyperlink,
  FootnoteReferenceRun,
  HeadingLevel,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ParagraphChild,
} from 'docx';
import type { Node } from 'prosemirror-model';
import { clampHeadingLevel, sanitizeHref } from '@wethink/shared';
import { docxImage, type DocxImage } from './docx-images';

/** A block of the document's body: Word keeps tables beside paragraphs. */
export type DocxBlock = Paragraph | Table;

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3] as const;
export const QUOTE_STYLE = 'Quote';

/** Builds Word paragraphs from chapters; numbers footnotes and ordered lists across the book. */
export class DocxWriter {
  /** Figures' images by `src`; a figure whose image Word cannot take (WebP) keeps its alt text. */
  constructor(private readonly images: ReadonlyMap<string, DocxImage> = new Map()) {}

  readonly footnotes: Record<string, { children: Paragraph[] }> = {};
  readonly orderedStarts = new Set<number>();
  private nextFootnote = 1;
  private nextListInstance = 1;

  blocks(node: Node, context: { listLevel: number; isQuote: boolean }): DocxBlock[] {
    const out: DocxBlock[] = [];
    node.forEach((child) => out.push(...this.block(child, context)));
    return out;
  }

  private block(node: Node, context: { listLevel: number; isQuote: boolean }): DocxBlock[] {
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
      // The image (scaled to the text width) with the caption after it in the same paragraph.
      case 'figure': {
        const image = docxImage(this.images.get(String(node.attrs.src)), String(node.attrs.alt));
        const alt = new TextRun({ text: `[${String(node.attrs.alt) || 'image'}] `, italics: true });
        const caption = this.inline(node);
        return [
          new Paragraph({
            ...style,
            children: image ? [image, new TextRun({ break: 1 }), ...caption] : [alt, ...caption],
          }),
        ];
      }
      case 'table':
        return [this.table(node)];
      default:
        throw new RangeError(`no DOCX for a ${node.type.name} block`);
    }
  }

  /** A Word table at the text's width; a row of header cells repeats as Word's header row. */
  private table(node: Node): Table {
    const rows: TableRow[] = [];
    node.forEach((row) => {
      const cells: TableCell[] = [];
      let isHeader = true;
      row.forEach((cell) => {
        isHeader &&= cell.type.name === 'table_header';
        const blocks = this.blocks(cell, { listLevel: 0, isQuote: false });
        cells.push(
          new TableCell({
            // Word refuses a cell without a paragraph.
            children: blocks.length > 0 ? blocks : [new Paragraph({})],
            ...(Number(cell.attrs.colspan) > 1 ? { columnSpan: Number(cell.attrs.colspan) } : {}),
          }),
        );
      });
      rows.push(new TableRow({ children: cells, ...(isHeader ? { tableHeader: true } : {}) }));
    });
    return new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } });
  }

  /** Each item's first paragraph carries the bullet or number; nested lists go one level deeper. */
  private list(node: Node, context: { listLevel: number; isQuote: boolean }): DocxBlock[] {
    const isOrdered = node.type.name === 'ordered_list';
    const start = Number.isInteger(node.attrs.order) ? Number(node.attrs.order) : 1;
    if (isOrdered) this.orderedStarts.add(start);
    const instance = this.nextListInstance++;
    const level = Math.min(context.listLevel, 8);
    const out: DocxBlock[] = [];
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

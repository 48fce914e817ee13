import type { Mark, Node } from 'prosemirror-model';
import { clampHeadingLevel, sanitizeHref } from '@wethink/shared';
import { escapeAttribute, escapeText } from './xml-text';

/** A footnote of a chapter, numbered through the whole book. */
export interface Footnote {
  number: number;
  text: string;
}

export interface ChapterMarkup {
  /** Well-formed XHTML (also valid HTML) of the chapter's blocks. */
  body: string;
  notes: Footnote[];
}

/**
 * Marks the parts of an export that are not the book's text (title page, contents, contributors,
 * footnote lists): an HTML import drops them, so exported files import back as their chapters.
 */
export const EXPORT_ONLY_ATTRIBUTE = 'data-export-only';

/**
 * A chapter as XHTML. A note becomes a numbered reference that keeps its text in `data-note`, the
 * way the editor writes it (so HTML imports back), and its text joins `notes` for the renderer to
 * place as footnotes or endnotes. `isEpub` adds EPUB's structural semantics (`epub:type`).
 */
export function chapterXhtml(
  doc: Node,
  options: {
    firstNote: number;
    isEpub: boolean;
    /** Where a figure's image is (a data URL, a file in the package); none: its alt text shows. */
    imageHref?: (src: string) => string | null;
  },
): ChapterMarkup {
  const notes: Footnote[] = [];
  const out: string[] = [];
  const noteRef = (text: string): string => {
    const number = options.firstNote + notes.length;
    notes.push({ number, text });
    const epubType = options.isEpub ? ' epub:type="noteref"' : '';
    return (
      `<sup class="book-note" data-note="${escapeAttribute(text)}">` +
      `<a id="fnref-${number}" href="#fn-${number}"${epubType} role="doc-noteref">${number}</a></sup>`
    );
  };
  const inline = (parent: Node): void => {
    const open: Mark[] = [];
    parent.forEach((child) => {
      let keep = 0;
      while (keep < open.length && keep < child.marks.length && open[keep]!.eq(child.marks[keep]!)) keep += 1;
      while (open.length > keep) out.push(closeTag(open.pop()!));
      for (const mark of child.marks.slice(keep)) {
        out.push(openTag(mark));
        open.push(mark);
      }
      if (child.isText) out.push(escapeText(child.text ?? ''));
      else if (child.type.name === 'hard_break') out.push('<br/>');
      else if (child.type.name === 'note') out.push(noteRef(String(child.attrs.text)));
    });
    while (open.length > 0) out.push(closeTag(open.pop()!));
  };
  const block = (node: Node): void => {
    switch (node.type.name) {
      case 'paragraph':
        return wrap('p', () => inline(node));
      case 'heading':
        return wrap(`h${clampHeadingLevel(node.attrs.level)}`, () => inline(node));
      case 'blockquote':
        return wrap('blockquote', () => node.forEach(block));
      case 'bullet_list':
        return wrap('ul', () => node.forEach(block));
      case 'ordered_list': {
        const order = Number(node.attrs.order);
        const start = Number.isInteger(order) && order !== 1 ? ` start="${order}"` : '';
        return wrap('ol', () => node.forEach(block), start);
      }
      case 'list_item':
        return wrap('li', () => node.forEach(block));
      case 'horizontal_rule':
        out.push('<hr/>\n');
        return;
      // Embedded where the format allows it (see imageHref); otherwise the alt text stands in.
      case 'figure':
        return wrap('figure', () => {
          const href = options.imageHref?.(String(node.attrs.src)) ?? null;
          const alt = String(node.attrs.alt);
          if (href !== null) {
            out.push(`<img src="${escapeAttribute(href)}" alt="${escapeAttribute(alt)}"/>`);
          } else {
            out.push(`<p class="figure-alt">[${escapeText(alt || 'image')}]</p>`);
          }
          wrap('figcaption', () => inline(node));
        });
      case 'table':
        return wrap('table', () => wrap('tbody', () => node.forEach(block)));
      case 'table_row':
        return wrap('tr', () => node.forEach(block));
      case 'table_cell':
      case 'table_header':
        return wrap(node.type.name === 'table_cell' ? 'td' : 'th', () => node.forEach(block));
      default:
        throw new RangeError(`no XHTML for a ${node.type.name} block`);
    }
  };
  const wrap = (tag: string, content: () => void, attributes = ''): void => {
    out.push(`<${tag}${attributes}>`);
    content();
    out.push(`</${tag}>\n`);
  };
  doc.forEach(block);
  return { body: out.join(''), notes };
}

function openTag(mark: Mark): string {
  switch (mark.type.name) {
    case 'em':
      return '<em>';
    case 'strong':
      return '<strong>';
    case 'link': {
      const href = sanitizeHref(String(mark.attrs.href)) ?? '#';
      const title =
        typeof mark.attrs.title === 'string' ? ` title="${escapeAttribute(mark.attrs.title)}"` : '';
      return `<a href="${escapeAttribute(href)}"${title}>`;
    }
    default:
      throw new RangeError(`no XHTML for a ${mark.type.name} mark`);
  }
}

function closeTag(mark: Mark): string {
  return mark.type.name === 'link' ? '</a>' : `</${mark.type.name}>`;
}

/** The footnotes of a chapter as a list after its text, each linking back to its reference. */
export function footnotesXhtml(notes: readonly Footnote[], isEpub: boolean): string {
  if (notes.length === 0) return '';
  const items = notes.map((note) => {
    const epubType = isEpub ? ' epub:type="footnote"' : '';
    return (
      `<aside id="fn-${note.number}"${epubType} role="doc-footnote" class="footnote">` +
      `<p><a href="#fnref-${note.number}">${note.number}.</a> ${escapeText(note.text)}</p></aside>\n`
    );
  });
  const epubType = isEpub ? ' epub:type="footnotes"' : '';
  return `<section class="footnotes"${epubType} ${EXPORT_ONLY_ATTRIBUTE}="true">\n${items.join('')}</section>\n`;
}

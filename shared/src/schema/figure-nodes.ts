import type { DOMOutputSpec, NodeSpec } from 'prosemirror-model';
import { isBookImageSrc } from '../api/image-types';

/**
 * Figures and simple tables (issue 21). A figure is an image stored by this server
 * (`/api/books/<book>/images/<sha256>`: nothing else is shown, so no document can make a reader's
 * browser fetch another site) with alt text and an editable caption. Tables follow the node roles
 * prosemirror-tables expects (`tableRole`); cells hold paragraphs.
 */
const cellAttrs = {
  colspan: { default: 1 },
  rowspan: { default: 1 },
  colwidth: { default: null },
};

/** Only reads attributes: no DOM types here (the shared package runs on the server too). */
function cellAttrsOf(dom: { getAttribute(name: string): string | null }) {
  const span = (name: string) => {
    const value = Number(dom.getAttribute(name) ?? '1');
    return Number.isInteger(value) && value >= 1 && value <= 100 ? value : 1;
  };
  return { colspan: span('colspan'), rowspan: span('rowspan'), colwidth: null };
}

function cellDOM(tag: 'td' | 'th', attrs: Record<string, unknown>): DOMOutputSpec {
  const out: Record<string, string> = {};
  if (Number(attrs.colspan) > 1) out.colspan = String(attrs.colspan);
  if (Number(attrs.rowspan) > 1) out.rowspan = String(attrs.rowspan);
  return [tag, out, 0];
}

export const figureNodes = {
  figure: {
    group: 'block',
    content: 'inline*',
    defining: true,
    isolating: true,
    attrs: { src: { validate: 'string' }, alt: { default: '', validate: 'string' } },
    parseDOM: [
      {
        tag: 'figure',
        contentElement: 'figcaption',
        getAttrs: (dom) => {
          const img = dom.querySelector('img');
          const src = img?.getAttribute('src');
          return isBookImageSrc(src) ? { src, alt: img?.getAttribute('alt') ?? '' } : false;
        },
      },
    ],
    toDOM: (node): DOMOutputSpec => [
      'figure',
      { class: 'book-figure' },
      [
        'img',
        isBookImageSrc(node.attrs.src)
          ? { src: node.attrs.src, alt: String(node.attrs.alt), loading: 'lazy' }
          : { alt: String(node.attrs.alt) },
      ],
      ['figcaption', 0],
    ],
  },
  table: {
    content: 'table_row+',
    tableRole: 'table',
    isolating: true,
    group: 'block',
    parseDOM: [{ tag: 'table' }],
    toDOM: (): DOMOutputSpec => ['table', { class: 'book-table' }, ['tbody', 0]],
  },
  table_row: {
    content: '(table_cell | table_header)*',
    tableRole: 'row',
    parseDOM: [{ tag: 'tr' }],
    toDOM: (): DOMOutputSpec => ['tr', 0],
  },
  table_cell: {
    content: 'paragraph+',
    attrs: cellAttrs,
    tableRole: 'cell',
    isolating: true,
    parseDOM: [{ tag: 'td', getAttrs: (dom) => cellAttrsOf(dom) }],
    toDOM: (node): DOMOutputSpec => cellDOM('td', node.attrs),
  },
  table_header: {
    content: 'paragraph+',
    attrs: cellAttrs,
    tableRole: 'header_cell',
    isolating: true,
    parseDOM: [{ tag: 'th', getAttrs: (dom) => cellAttrsOf(dom) }],
    toDOM: (node): DOMOutputSpec => cellDOM('th', node.attrs),
  },
} satisfies Record<string, NodeSpec>;

import { Schema, type DOMOutputSpec, type MarkSpec, type NodeSpec } from 'prosemirror-model';
import type * as Y from 'yjs';
import { figureNodes } from './figure-nodes';

/**
 * The ProseMirror schema of a chapter. It has no DOM dependency: `toDOM` returns output specs and
 * `parseDOM` rules only read attributes, so the server can load it to validate or render chapters.
 *
 * Everything that is not in the schema (images from elsewhere, fonts, colours, scripts) is dropped
 * when HTML is parsed; its text survives as paragraphs. Figures and tables: figure-nodes.ts.
 */

/** Heading levels a chapter may use. h4-h6 from pasted HTML become level 3. */
export const HEADING_LEVELS = [1, 2, 3] as const;
export type HeadingLevel = (typeof HEADING_LEVELS)[number];

/** URL schemes a link may point to; anything else (javascript:, data:) is not a link. */
const safeHrefPattern = /^(https?:|mailto:|#|\/)/i;

/** Returns the href if a link may point there, otherwise null. */
export function sanitizeHref(href: string | null | undefined): string | null {
  const trimmed = href?.trim() ?? '';
  return trimmed !== '' && safeHrefPattern.test(trimmed) ? trimmed : null;
}

/** A level from untrusted input (a remote document, pasted HTML) clamped to the allowed ones. */
export function clampHeadingLevel(level: unknown): HeadingLevel {
  return HEADING_LEVELS.find((allowed) => allowed === level) ?? 1;
}

function headingLevelOf(tag: string): HeadingLevel {
  const level = Number(tag.slice(1));
  return level >= 3 ? 3 : level === 2 ? 2 : 1;
}

const nodes = {
  doc: { content: 'block+' },
  paragraph: {
    content: 'inline*',
    group: 'block',
    parseDOM: [{ tag: 'p' }],
    toDOM: (): DOMOutputSpec => ['p', 0],
  },
  heading: {
    attrs: { level: { default: 1, validate: 'number' } },
    content: 'inline*',
    group: 'block',
    defining: true,
    parseDOM: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((tag) => ({
      tag,
      attrs: { level: headingLevelOf(tag) },
    })),
    // Attributes may come from any author's copy of the document: render only what is allowed.
    toDOM: (node): DOMOutputSpec => [`h${clampHeadingLevel(node.attrs.level)}`, 0],
  },
  blockquote: {
    content: 'block+',
    group: 'block',
    defining: true,
    parseDOM: [{ tag: 'blockquote' }],
    toDOM: (): DOMOutputSpec => ['blockquote', 0],
  },
  horizontal_rule: {
    group: 'block',
    parseDOM: [{ tag: 'hr' }],
    toDOM: (): DOMOutputSpec => ['hr'],
  },
  bullet_list: {
    content: 'list_item+',
    group: 'block',
    parseDOM: [{ tag: 'ul' }],
    toDOM: (): DOMOutputSpec => ['ul', 0],
  },
  ordered_list: {
    attrs: { order: { default: 1, validate: 'number' } },
    content: 'list_item+',
    group: 'block',
    parseDOM: [
      {
        tag: 'ol',
        getAttrs: (dom) => {
          const start = Number(dom.getAttribute('start') ?? '1');
          return { order: Number.isInteger(start) ? start : 1 };
        },
      },
    ],
    toDOM: (node): DOMOutputSpec =>
      node.attrs.order === 1 ? ['ol', 0] : ['ol', { start: String(node.attrs.order) }, 0],
  },
  list_item: {
    content: 'paragraph block*',
    defining: true,
    parseDOM: [{ tag: 'li' }],
    toDOM: (): DOMOutputSpec => ['li', 0],
  },
  text: { group: 'inline' },
  hard_break: {
    inline: true,
    group: 'inline',
    selectable: false,
    parseDOM: [{ tag: 'br' }],
    toDOM: (): DOMOutputSpec => ['br'],
  },
  /**
   * A footnote-style note: an atom in the text whose content is an attribute, shown as a numbered
   * superscript (the number comes from CSS counters, so it never needs renumbering).
   */
  note: {
    inline: true,
    group: 'inline',
    atom: true,
    attrs: { text: { default: '', validate: 'string' } },
    parseDOM: [
      {
        tag: 'sup.book-note',
        getAttrs: (dom) => ({ text: dom.getAttribute('data-note') ?? '' }),
      },
    ],
    toDOM: (node): DOMOutputSpec => [
      'sup',
      { class: 'book-note', 'data-note': String(node.attrs.text), title: String(node.attrs.text) },
    ],
  },
  ...figureNodes,
} satisfies Record<string, NodeSpec>;

const marks = {
  link: {
    attrs: { href: { validate: 'string' }, title: { default: null } },
    inclusive: false,
    parseDOM: [
      {
        tag: 'a[href]',
        getAttrs: (dom) => {
          const href = sanitizeHref(dom.getAttribute('href'));
          return href === null ? false : { href, title: dom.getAttribute('title') };
        },
      },
    ],
    toDOM: (mark): DOMOutputSpec => [
      'a',
      {
        href: sanitizeHref(String(mark.attrs.href)) ?? '#',
        title: typeof mark.attrs.title === 'string' ? mark.attrs.title : null,
        rel: 'noopener nofollow',
      },
      0,
    ],
  },
  em: {
    parseDOM: [
      { tag: 'i' },
      { tag: 'em' },
      { style: 'font-style=italic' },
      { style: 'font-style=normal', clearMark: (mark) => mark.type.name === 'em' },
    ],
    toDOM: (): DOMOutputSpec => ['em', 0],
  },
  strong: {
    parseDOM: [
      { tag: 'strong' },
      // Google Docs wraps whole documents in <b style="font-weight:normal">.
      { tag: 'b', getAttrs: (dom) => dom.style.fontWeight !== 'normal' && null },
      { style: 'font-weight=400', clearMark: (mark) => mark.type.name === 'strong' },
      {
        style: 'font-weight',
        getAttrs: (value) => /^(bold(er)?|[5-9]\d{2,})$/.test(value) && null,
      },
    ],
    toDOM: (): DOMOutputSpec => ['strong', 0],
  },
} satisfies Record<string, MarkSpec>;

export const bookSchema = new Schema({ nodes, marks });
export type BookSchema = typeof bookSchema;

/** Name of the `Y.XmlFragment` holding a chapter's text inside the chapter's document. */
export const CHAPTER_FRAGMENT_NAME = 'chapter';

/** The shared fragment that y-prosemirror binds a chapter editor to. */
export function chapterFragment(ydoc: Y.Doc): Y.XmlFragment {
  return ydoc.getXmlFragment(CHAPTER_FRAGMENT_NAME);
}

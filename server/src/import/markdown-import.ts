import MarkdownIt from 'markdown-it';
import type Token from 'markdown-it/lib/token.mjs';
import footnote from 'markdown-it-footnote';
import { MarkdownParser } from 'prosemirror-markdown';
import type { Node } from 'prosemirror-model';
import { bookSchema, clampHeadingLevel, sanitizeHref } from '@wethink/shared';
import type { ImportReport } from './import-report';

/**
 * Markdown (CommonMark with footnotes, HTML off: raw HTML stays visible text, never markup) to a
 * `doc` of the book schema. What the schema cannot hold becomes text and is counted in `report`.
 */
export function parseMarkdown(source: string, report: ImportReport): { title: string | null; doc: Node } {
  const { title, body } = splitFrontMatter(source);
  const markdown = new MarkdownIt('commonmark', { html: false }).use(footnote);
  // The parser calls `parse` only: the same markdown-it, with our token rewrite after it.
  const tokenizer = Object.create(markdown) as MarkdownIt;
  tokenizer.parse = (text, env) => rewriteTokens(markdown.parse(text, env), report);
  const parser = new MarkdownParser(bookSchema, tokenizer, {
    blockquote: { block: 'blockquote' },
    paragraph: { block: 'paragraph' },
    list_item: { block: 'list_item' },
    bullet_list: { block: 'bullet_list' },
    ordered_list: {
      block: 'ordered_list',
      getAttrs: (tok) => ({ order: Number(tok.attrGet('start')) || 1 }),
    },
    heading: {
      block: 'heading',
      getAttrs: (tok) => ({ level: clampHeadingLevel(Number(tok.tag.slice(1))) }),
    },
    hr: { node: 'horizontal_rule' },
    hardbreak: { node: 'hard_break' },
    note: { node: 'note', getAttrs: (tok) => ({ text: String((tok.meta as { text: string }).text) }) },
    em: { mark: 'em' },
    strong: { mark: 'strong' },
    link: {
      mark: 'link',
      getAttrs: (tok) => ({ href: tok.attrGet('href'), title: tok.attrGet('title') || null }),
    },
  });
  return { title, doc: parser.parse(body) };
}

/** YAML front matter's `title` (as the Markdown export writes it), and the text after it. */
function splitFrontMatter(source: string): { title: string | null; body: string } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(source);
  if (!match) return { title: null, body: source };
  const line = /^title:\s*(.+)$/m.exec(match[1]!)?.[1]?.trim();
  let title: string | null = line ?? null;
  if (line?.startsWith('"')) {
    try {
      title = JSON.parse(line) as string;
    } catch {
      // Not a JSON string after all: the line as written is the title.
    }
  }
  return { title, body: source.slice(match[0].length) };
}

const textOf = (tokens: readonly Token[]): string =>
  tokens
    .map((token) => (token.type === 'softbreak' || token.type === 'hardbreak' ? ' ' : token.content))
    .join('');

/**
 * Turns markdown-it's tokens into ones the parser's spec knows: footnote references become `note`
 * tokens carrying their definition's text (the definitions block is dropped), and what the schema
 * lacks (code, images, headings below 3, unsafe links) becomes plain text, counted.
 */
function rewriteTokens(tokens: Token[], report: ImportReport): Token[] {
  const notes = new Map<number, string>();
  const out: Token[] = [];
  let inNotes = false;
  let noteId = -1;
  for (const token of tokens) {
    if (token.type === 'footnote_block_open') inNotes = true;
    else if (token.type === 'footnote_block_close') inNotes = false;
    else if (inNotes) {
      if (token.type === 'footnote_open') noteId = (token.meta as { id: number }).id;
      if (token.type === 'inline') {
        const children = (token.children ?? []).filter((child) => child.type !== 'footnote_anchor');
        notes.set(noteId, [notes.get(noteId), textOf(children)].filter(Boolean).join(' '));
      }
    } else out.push(token);
  }
  return out.flatMap((token) => rewriteBlock(token, notes, report));
}

function rewriteBlock(token: Token, notes: Map<number, string>, report: ImportReport): Token[] {
  if (token.type === 'code_block' || token.type === 'fence') {
    report.add('code block kept as text');
    return paragraphOf(token, token.content.replace(/\n$/, ''));
  }
  if (token.type === 'heading_open' || token.type === 'heading_close') {
    if (token.type === 'heading_open' && Number(token.tag.slice(1)) > 3)
      report.add('heading below level 3 made level 3');
    return [token];
  }
  if (token.type === 'inline') token.children = rewriteInline(token.children ?? [], notes, report);
  return [token];
}

function paragraphOf(like: Token, text: string): Token[] {
  const Ctor = like.constructor as new (type: string, tag: string, nesting: number) => Token;
  const open = new Ctor('paragraph_open', 'p', 1);
  const inline = new Ctor('inline', '', 0);
  inline.children = text.split('\n').flatMap((line, i) => {
    const piece = new Ctor('text', '', 0);
    piece.content = line;
    return i === 0 ? [piece] : [new Ctor('hardbreak', 'br', 0), piece];
  });
  return [open, inline, new Ctor('paragraph_close', 'p', -1)];
}

function rewriteInline(children: Token[], notes: Map<number, string>, report: ImportReport): Token[] {
  const out: Token[] = [];
  const Ctor = (children[0]?.constructor ?? Object) as new (
    type: string,
    tag: string,
    nesting: number,
  ) => Token;
  const text = (content: string): Token => Object.assign(new Ctor('text', '', 0), { content });
  let unsafeLinks = 0;
  for (const child of children) {
    if (child.type === 'footnote_ref') {
      const note = new Ctor('note', '', 0);
      note.meta = { text: notes.get((child.meta as { id: number }).id) ?? '' };
      out.push(note);
    } else if (child.type === 'code_inline') {
      report.add('inline code kept as text');
      out.push(text(child.content));
    } else if (child.type === 'image') {
      report.add('image (its description kept as text)');
      const alt = textOf(child.children ?? []);
      if (alt) out.push(text(alt));
    } else if (child.type === 'link_open' && sanitizeHref(child.attrGet('href')) === null) {
      report.add('link to an unsafe address kept as text');
      unsafeLinks += 1;
    } else if (child.type === 'link_close' && unsafeLinks > 0) {
      unsafeLinks -= 1;
    } else out.push(child);
  }
  return out;
}

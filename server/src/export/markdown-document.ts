import { defaultMarkdownSerializer, MarkdownSerializer } from 'prosemirror-markdown';
import type { Node } from 'prosemirror-model';
import type { Footnote } from './chapter-xhtml';
import { bodyOf, type ExportBody } from './export-body';
import { ImageSlots } from './image-slots';
import { commentsAppendixMarkdown } from './markdown-appendix';
import { escapeMarkdown, escapeMarkdownText } from './markdown-text';
import type { ExportBook } from './export-book';

const hasNote = (node: Node): boolean => {
  let found = false;
  node.descendants((child) => {
    found ||= child.type.name === 'note';
    return !found;
  });
  return found;
};

/** Where a figure's image is for Markdown (a data URL, a file beside it); null: the alt text stands in. */
export type MarkdownImageHref = (src: string) => string | null;

/** A serializer for the book schema whose notes become `[^n]` references collected in `notes`. */
function serializerFor(
  notes: Footnote[],
  nextNote: () => number,
  imageHref: MarkdownImageHref,
): MarkdownSerializer {
  return new MarkdownSerializer(
    {
      ...defaultMarkdownSerializer.nodes,
      text(state, node, parent, index) {
        // An autolink's text is its address, written as is (as the stock serializer does).
        if ((state as unknown as { inAutolink?: boolean }).inAutolink)
          return state.text(node.text ?? '', false);
        const startsLine = index === 0 || parent.child(index - 1).type.name === 'hard_break';
        state.text(escapeMarkdown(node.text ?? '', startsLine), false);
      },
      // As the stock one, but a break with only spaces after it, or nothing but breaks and spaces
      // before it, is dropped too: CommonMark would read its backslash as text.
      hard_break(state, node, parent, index) {
        const isBlank = (child: typeof node) =>
          child.type === node.type || (child.isText && child.text!.trim() === '');
        const before = Array.from({ length: index }, (_, i) => parent.child(i));
        const after = Array.from({ length: parent.childCount - index - 1 }, (_, i) =>
          parent.child(index + 1 + i),
        );
        if (before.every(isBlank) || after.every(isBlank)) return;
        state.write('\\\n');
      },
      // A paragraph of nothing but breaks and spaces has no Markdown: its blank lines would end a
      // list item that starts with it, and the item's next paragraph would fall out of the list.
      paragraph(state, node, parent, index) {
        if (node.textContent.trim() === '' && !hasNote(node)) return;
        defaultMarkdownSerializer.nodes.paragraph!(state, node, parent, index);
      },
      // The image where there is one to point at, else its alt text; the caption follows.
      figure(state, node) {
        const alt = String(node.attrs.alt);
        const href = imageHref(String(node.attrs.src));
        if (href !== null) state.write(`![${escapeMarkdown(alt, false)}](<${href}>) `);
        else state.write(`*[${escapeMarkdown(alt || 'image', true)}]* `);
        state.renderInline(node);
        state.closeBlock(node);
      },
      // A GitHub-style pipe table of the cells' text.
      table(state, node) {
        node.forEach((row, _offset, rowIndex) => {
          const cells: string[] = [];
          row.forEach((cell) =>
            cells.push(escapeMarkdown(cell.textContent, false).replace(/\|/g, '\\|') || ' '),
          );
          state.write(`| ${cells.join(' | ')} |\n`);
          if (rowIndex === 0) state.write(`|${cells.map(() => ' --- ').join('|')}|\n`);
        });
        state.closeBlock(node);
      },
      note(state, node) {
        const number = nextNote();
        notes.push({ number, text: String(node.attrs.text) });
        state.write(`[^${number}]`);
      },
    },
    defaultMarkdownSerializer.marks,
  );
}

/**
 * A chapter as CommonMark (with footnotes in the markdown-it-footnote / GFM syntax) under a level-1
 * heading holding its title; its notes' definitions follow it.
 */
export function chapterMarkdown(
  chapter: { title: string; doc: Node },
  firstNote: number,
  imageHref: MarkdownImageHref = () => null,
): { markdown: string; notes: number } {
  const notes: Footnote[] = [];
  const serializer = serializerFor(notes, () => firstNote + notes.length, imageHref);
  const body = serializer.serialize(chapter.doc);
  const definitions = notes.map((note) => `[^${note.number}]: ${escapeMarkdownText(note.text)}\n`);
  const markdown = `# ${escapeMarkdownText(chapter.title)}\n\n${body}\n${definitions.length > 0 ? `\n${definitions.join('')}` : ''}`;
  return { markdown, notes: notes.length };
}

/** YAML front matter: title, identifier, language and the contributors (JSON strings are YAML). */
export function frontMatter(book: ExportBook): string {
  const lines = [
    '---',
    `title: ${JSON.stringify(book.title)}`,
    `identifier: ${JSON.stringify(book.identifier)}`,
    `language: ${JSON.stringify(book.language)}`,
    `modified: ${JSON.stringify(book.modifiedAt.toISOString())}`,
    'authors:',
    ...book.contributors.authors.map(
      (a) =>
        `  - { name: ${JSON.stringify(a.name)}, words: ${a.words}, suggestions-accepted: ${a.suggestionsAccepted} }`,
    ),
    'commenters:',
    ...book.contributors.commenters.map(
      (c) =>
        `  - { name: ${JSON.stringify(c.name)}, role: ${JSON.stringify(c.role ?? 'former member')}, comments: ${c.comments}, suggestions-accepted: ${c.suggestionsAccepted} }`,
    ),
    `comments-included: ${book.comments !== null}`,
    'edition:',
    ...book.verso.map((line) => `  - ${JSON.stringify(line)}`),
    '---',
  ];
  return `${lines.join('\n')}\n\n`;
}

/**
 * The book as one Markdown manuscript: front matter, then each chapter in the book's order, then
 * the comments appendix when asked for. Images are inlined as data URLs so the one file stands
 * alone and loses nothing (the zip layout puts them in an `images/` folder instead); each chapter
 * is serialized and each image read only when the file reaches it.
 */
export function renderMarkdown(book: ExportBook): ExportBody {
  const slots = new ImageSlots(book.images);
  async function* pieces(): AsyncGenerator<string | Uint8Array> {
    yield frontMatter(book);
    let nextNote = 1;
    for (const [index, chapter] of book.chapters.entries()) {
      const { markdown, notes } = chapterMarkdown(chapter, nextNote, slots.href);
      nextNote += notes;
      yield* slots.fill(index === 0 ? markdown : `\n${markdown}`);
    }
    if (book.comments) yield `\n${commentsAppendixMarkdown(book.comments)}`;
  }
  return bodyOf(pieces());
}

import { defaultMarkdownSerializer, MarkdownSerializer } from 'prosemirror-markdown';
import type { Node } from 'prosemirror-model';
import type { Footnote } from './chapter-xhtml';
import type { ExportBook } from './export-book';

/**
 * Text as CommonMark that reads back as exactly that text: every markup character that a backslash
 * may escape anywhere is escaped, and at a line's start what would open a block (a list, a quote,
 * a setext underline). The stock serializer's escaping misses some of these ("1.", "0) ", a
 * heading of "#", text after a hard break), so our serializer escapes all text itself.
 */
export function escapeMarkdown(text: string, startsLine: boolean): string {
  const escaped = text.replace(/[\\`*_[\]<>&!#~]/g, '\\$&');
  if (!startsLine) return escaped;
  return escaped
    .replace(/^[ \t]+/, '')
    .replace(/^([-+=|])/, '\\$1')
    .replace(/^(\d+)([.)])/, '$1\\$2');
}

/** Text for a line of its own (a title, a footnote definition): one line, escaped. */
export function escapeMarkdownText(text: string): string {
  return escapeMarkdown(text.replace(/\s+/g, ' ').trim(), true);
}

const hasNote = (node: Node): boolean => {
  let found = false;
  node.descendants((child) => {
    found ||= child.type.name === 'note';
    return !found;
  });
  return found;
};

/** A serializer for the book schema whose notes become `[^n]` references collected in `notes`. */
function serializerFor(notes: Footnote[], nextNote: () => number): MarkdownSerializer {
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
      // Images are not embedded in exports yet (issue 21): alt text and caption stay.
      figure(state, node) {
        state.write(`*[${escapeMarkdown(String(node.attrs.alt) || 'image', true)}]* `);
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
): { markdown: string; notes: number } {
  const notes: Footnote[] = [];
  const serializer = serializerFor(notes, () => firstNote + notes.length);
  const body = serializer.serialize(chapter.doc);
  const definitions = notes.map((note) => `[^${note.number}]: ${escapeMarkdownText(note.text)}\n`);
  const markdown = `# ${escapeMarkdownText(chapter.title)}\n\n${body}\n${definitions.length > 0 ? `\n${definitions.join('')}` : ''}`;
  return { markdown, notes: notes.length };
}

/** YAML front matter: title, identifier, language and the contributors (JSON strings are YAML). */
function frontMatter(book: ExportBook): string {
  const lines = [
    '---',
    `title: ${JSON.stringify(book.title)}`,
    `identifier: ${JSON.stringify(book.identifier)}`,
    `language: ${JSON.stringify(book.language)}`,
    `modified: ${JSON.stringify(book.modifiedAt.toISOString())}`,
    'authors:',
    ...book.contributors.authors.map((a) => `  - { name: ${JSON.stringify(a.name)}, words: ${a.words} }`),
    'commenters:',
    ...book.contributors.commenters.map(
      (c) =>
        `  - { name: ${JSON.stringify(c.name)}, role: ${JSON.stringify(c.role ?? 'former member')}, comments: ${c.comments} }`,
    ),
    'comments-included: false',
    '---',
  ];
  return `${lines.join('\n')}\n\n`;
}

/** The book as one Markdown manuscript: front matter, then each chapter in the book's order. */
export function renderMarkdown(book: ExportBook): string {
  let nextNote = 1;
  const chapters = book.chapters.map((chapter) => {
    const { markdown, notes } = chapterMarkdown(chapter, nextNote);
    nextNote += notes;
    return markdown;
  });
  return frontMatter(book) + chapters.join('\n');
}

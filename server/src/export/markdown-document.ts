import { defaultMarkdownSerializer, MarkdownSerializer } from 'prosemirror-markdown';
import type { Node } from 'prosemirror-model';
import type { Footnote } from './chapter-xhtml';
import type { ExportBook } from './export-book';

/** Characters the stock serializer leaves alone that CommonMark would still read as markup. */
const EXTRA_ESCAPES = /[<>&]/g;

/** Backslash before every ASCII punctuation character: always a literal in CommonMark. */
export function escapeMarkdownText(text: string): string {
  return text.replace(/[\\`*_[\]<>&!#~]/g, '\\$&').replace(/\s+/g, ' ');
}

/** A serializer for the book schema whose notes become `[^n]` references collected in `notes`. */
function serializerFor(notes: Footnote[], nextNote: () => number): MarkdownSerializer {
  return new MarkdownSerializer(
    {
      ...defaultMarkdownSerializer.nodes,
      note(state, node) {
        const number = nextNote();
        notes.push({ number, text: String(node.attrs.text) });
        state.write(`[^${number}]`);
      },
    },
    defaultMarkdownSerializer.marks,
    { escapeExtraCharacters: EXTRA_ESCAPES },
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

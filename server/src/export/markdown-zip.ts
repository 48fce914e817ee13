import type { ExportBook } from './export-book';
import { commentsAppendixMarkdown } from './markdown-appendix';
import { chapterMarkdown, frontMatter } from './markdown-document';
import { escapeMarkdownText } from './markdown-text';
import { packageImages } from './package-images';
import type { ExportBody } from './export-body';
import { zipStream, type ZipEntry } from './zip-stream';

/** Every image type the server accepts: a Markdown folder can carry them all. */
const MARKDOWN_IMAGE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** A chapter's file name: its place in the book, then its title in ASCII letters and digits. */
export function chapterFileName(index: number, title: string): string {
  const slug = title
    .normalize('NFKD')
    // Accents split off by NFKD are dropped, so "Départ" is "Depart", not "De-part".
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase()
    .slice(0, 60);
  return `${String(index + 1).padStart(2, '0')}-${slug || 'chapter'}.md`;
}

/** A chapter's own front matter: title, place in the book and part (JSON strings are YAML). */
function chapterFrontMatter(title: string, order: number, part: string | null): string {
  const lines = ['---', `title: ${JSON.stringify(title)}`, `order: ${order}`];
  if (part !== null) lines.push(`part: ${JSON.stringify(part)}`);
  return `${lines.join('\n')}\n---\n\n`;
}

/**
 * The book as a zip of Markdown files: `book.md` (the book's front matter: title, contributors,
 * edition), one file per chapter with its own front matter, `comments.md` when the appendix is
 * asked for, and the figures' images in `images/`, linked relatively. Entries are sorted and
 * their times fixed, so the same book and time give the same bytes.
 */
export function renderMarkdownZip(book: ExportBook): ExportBody {
  return zipStream(markdownZipEntries(book));
}

/**
 * The entries in path order (`01-…md` < `book.md` < `comments.md` < `images/…`), each made or
 * read only when the zip reaches it.
 */
async function* markdownZipEntries(book: ExportBook): AsyncGenerator<ZipEntry> {
  const images = packageImages(book.images, MARKDOWN_IMAGE_TYPES);
  const files = book.chapters.map((chapter, index) => chapterFileName(index, chapter.title));
  const chapterEntry = (index: number): ZipEntry => {
    const chapter = book.chapters[index]!;
    // Footnotes are numbered per file: each file is a document of its own.
    const { markdown } = chapterMarkdown(chapter, 1, (src) => images.get(src)?.path ?? null);
    return {
      path: files[index]!,
      data: chapterFrontMatter(chapter.title, index + 1, chapter.part) + markdown,
    };
  };
  const index = `${frontMatter(book)}# ${escapeMarkdownText(book.title)}\n\n${files.map((file) => `- [${file}](<${file}>)\n`).join('')}`;
  const entries: { path: string; make: () => ZipEntry | Promise<ZipEntry> }[] = [
    { path: 'book.md', make: () => ({ path: 'book.md', data: index }) },
    ...[...images.values()].map((image) => ({
      path: image.path,
      make: async () => ({ path: image.path, data: await image.read(), isCompressed: true }),
    })),
    ...files.map((path, i) => ({ path, make: () => chapterEntry(i) })),
  ];
  if (book.comments) {
    const comments = book.comments;
    entries.push({
      path: 'comments.md',
      make: () => ({ path: 'comments.md', data: commentsAppendixMarkdown(comments) }),
    });
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const entry of entries) yield await entry.make();
}

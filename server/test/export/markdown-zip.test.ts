import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { bookSchema as s } from '@wethink/shared';
import type { ExportBook } from '../../src/export/export-book';
import { collectBody } from '../../src/export/export-body';
import { imageInMemory } from '../../src/export/export-image';
import { renderMarkdownZip } from '../../src/export/markdown-zip';

const WEBP = new Uint8Array([
  ...new TextEncoder().encode('RIFF'),
  0,
  0,
  0,
  0,
  ...new TextEncoder().encode('WEBP'),
]);
const SRC = `/api/books/bk/images/${'d'.repeat(64)}`;
const chapter = (id: string, title: string, part: string | null, text: string) => ({
  id,
  title,
  part,
  doc: s.node('doc', null, [
    s.node('paragraph', null, [s.text(text), s.node('note', { text: `A note in ${title}.` })]),
    s.node('figure', { src: SRC, alt: 'Web picture' }, [s.text('Caption')]),
  ]),
});
const book: ExportBook = {
  id: 'bk',
  title: 'Parts & "Quotes"',
  language: 'en',
  identifier: 'urn:uuid:00000000-0000-5000-a000-000000000004',
  modifiedAt: new Date('2026-12-01T00:00:00Z'),
  chapters: [
    chapter('c1', 'Prologue', null, 'Before the parts.'),
    chapter('c2', 'Départ: the road', 'Part One', 'Inside the first part.'),
  ],
  contributors: { authors: [], commenters: [] },
  images: new Map([[SRC, imageInMemory('image/webp', WEBP)]]),
  verso: ['Comments: not included'],
  comments: null,
  cover: null,
};

describe('Markdown zip', () => {
  it('gives each chapter its title, order and part in front matter, and numbers notes per file', async () => {
    const files = unzipSync(await collectBody(renderMarkdownZip(book)));
    expect(Object.keys(files)).toEqual([
      '01-prologue.md',
      '02-depart-the-road.md',
      'book.md',
      `images/${'d'.repeat(64)}.webp`,
    ]);
    const second = new TextDecoder().decode(files['02-depart-the-road.md']);
    expect(second.startsWith('---\ntitle: "Départ: the road"\norder: 2\npart: "Part One"\n---\n')).toBe(true);
    expect(second).toContain('[^1]: A note in Départ: the road.');
    expect(second).toContain(`![Web picture](<images/${'d'.repeat(64)}.webp>) Caption`);
    expect(new TextDecoder().decode(files['01-prologue.md'])).not.toContain('part:');
    const index = new TextDecoder().decode(files['book.md']);
    expect(index).toContain('title: "Parts & \\"Quotes\\""');
    expect(index).toContain('comments-included: false');
  });

  it('is the same bytes every time for the same book and time', async () => {
    expect(await collectBody(renderMarkdownZip(book))).toEqual(await collectBody(renderMarkdownZip(book)));
  });
});

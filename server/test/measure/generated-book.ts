// The generated 20-chapter, 100,000-word book the export and import measures share.
import { bookSchema as s } from '@wethink/shared';
import type { ExportBook } from '../../src/export/export-book';

const WORDS = ['the', 'book', 'leaves', 'wethink', 'and', 'comes', 'in', 'with', 'its', 'contributors'];
const paragraph = (seed: number) =>
  s.node('paragraph', null, [
    s.text(Array.from({ length: 100 }, (_, i) => WORDS[(seed * 7 + i * 3) % WORDS.length]).join(' ')),
    s.node('note', { text: `Note ${seed}.` }),
  ]);
const chapters = Array.from({ length: 20 }, (_, c) => ({
  id: `ch-${c + 1}`,
  title: `Chapter ${c + 1}`,
  part: null,
  doc: s.node('doc', null, [
    s.node('heading', { level: 2 }, [s.text('A section')]),
    ...Array.from({ length: 50 }, (_, p) => paragraph(c * 50 + p)),
  ]),
}));
export const book: ExportBook = {
  id: 'bench',
  title: 'A Hundred Thousand Words',
  language: 'en',
  identifier: 'urn:uuid:00000000-0000-5000-a000-000000000000',
  modifiedAt: new Date('2026-12-01T00:00:00Z'),
  chapters,
  contributors: {
    authors: [
      {
        name: 'Ada',
        words: 100_000,
        chapters: chapters.map((c) => ({ title: c.title, words: 5000 })),
        suggestionsAccepted: 0,
      },
    ],
    commenters: [],
  },
  verso: [],
  comments: null,
  cover: null,
};

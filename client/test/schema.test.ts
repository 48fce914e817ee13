import { bookSchema, sanitizeHref } from '@wethink/shared/client';
import { describe, expect, it } from 'vitest';

describe('bookSchema', () => {
  it('has the blocks and marks a book needs', () => {
    expect(Object.keys(bookSchema.nodes)).toEqual(
      expect.arrayContaining([
        'paragraph',
        'heading',
        'blockquote',
        'bullet_list',
        'ordered_list',
        'list_item',
        'horizontal_rule',
        'hard_break',
        'note',
      ]),
    );
    expect(Object.keys(bookSchema.marks)).toEqual(['link', 'em', 'strong']);
  });

  it('renders headings, notes and links to output specs without a DOM', () => {
    const heading = bookSchema.nodes.heading.create({ level: 2 });
    expect(bookSchema.nodes.heading.spec.toDOM?.(heading)).toEqual(['h2', 0]);
    const note = bookSchema.nodes.note.create({ text: 'See p. 4' });
    expect(bookSchema.nodes.note.spec.toDOM?.(note)).toEqual([
      'sup',
      { class: 'book-note', 'data-note': 'See p. 4', title: 'See p. 4' },
    ]);
  });

  it('renders only safe values from a document written by someone else', () => {
    const heading = bookSchema.nodes.heading.create({ level: 7 });
    expect(bookSchema.nodes.heading.spec.toDOM?.(heading)).toEqual(['h1', 0]);
    const link = bookSchema.marks.link.create({ href: 'javascript:alert(1)' });
    expect(bookSchema.marks.link.spec.toDOM?.(link, true)).toEqual([
      'a',
      { href: '#', title: null, rel: 'noopener nofollow' },
      0,
    ]);
  });
});

describe('sanitizeHref', () => {
  it.each([
    ['https://example.com', 'https://example.com'],
    [' mailto:a@b.c ', 'mailto:a@b.c'],
    ['#note-1', '#note-1'],
    ['javascript:alert(1)', null],
    ['data:text/html,<b>', null],
    ['', null],
  ])('%s → %s', (href, expected) => {
    expect(sanitizeHref(href)).toBe(expected);
  });
});

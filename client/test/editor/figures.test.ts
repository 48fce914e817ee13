import { describe, expect, it } from 'vitest';
import { insertFigure, insertTable } from '../../src/editor/commands/figures';
import { apply, doc, p, stateOf } from '../builder';

const SRC = `/api/books/bk/images/${'f'.repeat(64)}`;

describe('figure and table commands', () => {
  it('inserts a figure after the block the caret is in, without splitting it', () => {
    const next = apply(stateOf(doc(p('Hel<a>lo'), p('after'))), insertFigure(SRC, 'A map'));
    expect(next?.doc.child(0).textContent).toBe('Hello');
    expect(next?.doc.child(1).type.name).toBe('figure');
    expect(next?.doc.child(1).attrs).toEqual({ src: SRC, alt: 'A map' });
    expect(next?.doc.child(2).textContent).toBe('after');
  });

  it('refuses an image from anywhere else', () => {
    expect(apply(stateOf(doc(p('x<a>'))), insertFigure('https://tracker.example/pixel.png', ''))).toBeNull();
  });

  it('inserts a table with a header row and two rows of two cells', () => {
    const next = apply(stateOf(doc(p('x<a>'))), insertTable());
    const table = next!.doc.child(1);
    expect(table.type.name).toBe('table');
    expect(table.childCount).toBe(3);
    expect(table.child(0).child(0).type.name).toBe('table_header');
    expect(table.child(1).child(1).type.name).toBe('table_cell');
  });
});

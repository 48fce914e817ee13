import { bookSchema, isBookImageSrc } from '@wethink/shared/client';
import type { Command } from 'prosemirror-state';

const { nodes } = bookSchema;

/** Inserts a figure (an image stored by the server) with an empty caption after the current block. */
export function insertFigure(src: string, alt: string): Command {
  return (state, dispatch) => {
    if (!isBookImageSrc(src)) return false;
    const figure = nodes.figure.create({ src, alt });
    const $to = state.selection.$to;
    // After the top-level block the selection ends in, so a figure never splits a paragraph.
    const at = $to.depth === 0 ? $to.pos : $to.after(1);
    dispatch?.(state.tr.insert(at, figure).scrollIntoView());
    return true;
  };
}

/** Inserts an empty table (a header row and `rows` rows of `columns` cells) after the current block. */
export function insertTable(rows = 2, columns = 2): Command {
  return (state, dispatch) => {
    const cell = (type: typeof nodes.table_cell) => type.create(null, nodes.paragraph.create());
    const row = (type: typeof nodes.table_cell) =>
      nodes.table_row.create(
        null,
        Array.from({ length: columns }, () => cell(type)),
      );
    const table = nodes.table.create(null, [
      row(nodes.table_header),
      ...Array.from({ length: rows }, () => row(nodes.table_cell)),
    ]);
    const $to = state.selection.$to;
    const at = $to.depth === 0 ? $to.pos : $to.after(1);
    dispatch?.(state.tr.insert(at, table).scrollIntoView());
    return true;
  };
}

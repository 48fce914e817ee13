import { bookSchema } from '@wethink/shared/client';
import type { Command } from 'prosemirror-state';

export const MAX_NOTE_LENGTH = 2000;

/** Inserts a footnote-style note after the selection (replacing selected text is never intended). */
export function insertNote(text: string): Command {
  return (state, dispatch) => {
    const trimmed = text.trim().slice(0, MAX_NOTE_LENGTH);
    const { $to } = state.selection;
    if (trimmed === '' || !$to.parent.inlineContent) return false;
    if (dispatch)
      dispatch(state.tr.insert($to.pos, bookSchema.nodes.note.create({ text: trimmed })).scrollIntoView());
    return true;
  };
}

/** Changes the text of the note at `pos`; an empty text removes it. */
export function updateNote(pos: number, text: string): Command {
  return (state, dispatch) => {
    const node = state.doc.nodeAt(pos);
    if (node?.type !== bookSchema.nodes.note) return false;
    const trimmed = text.trim().slice(0, MAX_NOTE_LENGTH);
    if (dispatch) {
      dispatch(
        trimmed === ''
          ? state.tr.delete(pos, pos + node.nodeSize)
          : state.tr.setNodeMarkup(pos, undefined, { ...node.attrs, text: trimmed }),
      );
    }
    return true;
  };
}

import { bookSchema } from '@wethink/shared/client';
import type { Node } from 'prosemirror-model';
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

/** The notes' texts in document order (the order their numbers follow). */
export function notesOf(doc: Node): string[] {
  const texts: string[] = [];
  doc.forEach((block) => texts.push(...notesOfBlock(block)));
  return texts;
}

/** Per top-level block node, as the word count: a recount reads only the blocks an edit replaced. */
const notesByBlock = new WeakMap<Node, readonly string[]>();

function notesOfBlock(block: Node): readonly string[] {
  const known = notesByBlock.get(block);
  if (known !== undefined) return known;
  const texts: string[] = [];
  if (block.type === bookSchema.nodes.note) texts.push(String(block.attrs.text));
  block.descendants((node) => {
    if (node.type === bookSchema.nodes.note) texts.push(String(node.attrs.text));
    // Notes live in text blocks; nothing inside a text block but inline nodes.
    return !node.isTextblock || node.childCount > 0;
  });
  notesByBlock.set(block, texts);
  return texts;
}

/** Changes the `index`th note (0-based, document order); an empty text removes it. */
export function updateNthNote(index: number, text: string): Command {
  return (state, dispatch) => {
    let found = -1;
    let seen = 0;
    state.doc.descendants((node, pos) => {
      if (found >= 0) return false;
      if (node.type === bookSchema.nodes.note) {
        if (seen === index) found = pos;
        seen += 1;
      }
      return true;
    });
    return found >= 0 && updateNote(found, text)(state, dispatch);
  };
}

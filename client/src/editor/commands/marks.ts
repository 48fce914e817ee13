import { bookSchema } from '@wethink/shared/client';
import { toggleMark } from 'prosemirror-commands';
import type { MarkType } from 'prosemirror-model';
import type { Command, EditorState } from 'prosemirror-state';

export const toggleStrong: Command = toggleMark(bookSchema.marks.strong);
export const toggleEm: Command = toggleMark(bookSchema.marks.em);

/** True when the mark applies to the whole selection, or is stored / present at the cursor. */
export function isMarkActive(state: EditorState, type: MarkType): boolean {
  const { from, $from, to, empty } = state.selection;
  if (empty) return type.isInSet(state.storedMarks ?? $from.marks()) !== undefined;
  return state.doc.rangeHasMark(from, to, type);
}

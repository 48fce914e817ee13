import { bookSchema, sanitizeHref } from '@wethink/shared/client';
import type { Command, EditorState } from 'prosemirror-state';

const linkType = bookSchema.marks.link;

/** The range and href of the link around the cursor or selection start, if any. */
export function linkAtSelection(state: EditorState): { from: number; to: number; href: string } | null {
  const { $from } = state.selection;
  const mark = linkType.isInSet($from.marks()) ?? linkType.isInSet($from.nodeAfter?.marks ?? []);
  if (mark === undefined) return null;
  // Contiguous runs of children carrying this exact mark; the one touching the cursor is the link.
  let run: { from: number; to: number } | null = null;
  let found: { from: number; to: number } | null = null;
  $from.parent.forEach((child, offset) => {
    const start = $from.start() + offset;
    if (!mark.isInSet(child.marks)) {
      run = null;
      return;
    }
    run =
      run === null
        ? { from: start, to: start + child.nodeSize }
        : { from: run.from, to: start + child.nodeSize };
    if (run.from <= $from.pos && $from.pos <= run.to) found = run;
  });
  const range = found as { from: number; to: number } | null;
  return range === null ? null : { ...range, href: String(mark.attrs.href) };
}

/** Links the selected text. Refuses an empty selection or an unsafe href (javascript:, data:). */
export function setLink(href: string): Command {
  return (state, dispatch) => {
    const safe = sanitizeHref(href);
    const { from, to, empty } = state.selection;
    if (safe === null || empty) return false;
    if (dispatch)
      dispatch(state.tr.removeMark(from, to, linkType).addMark(from, to, linkType.create({ href: safe })));
    return true;
  };
}

/** Removes the link under the cursor, or every link in the selection. */
export const removeLink: Command = (state, dispatch) => {
  const { from, to, empty } = state.selection;
  const range = empty
    ? linkAtSelection(state)
    : state.doc.rangeHasMark(from, to, linkType)
      ? { from, to }
      : null;
  if (range === null) return false;
  if (dispatch) dispatch(state.tr.removeMark(range.from, range.to, linkType));
  return true;
};

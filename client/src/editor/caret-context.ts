import type { ResolvedPos } from 'prosemirror-model';
import type { EditorState } from 'prosemirror-state';

/**
 * True when `after` puts the selection in the same place of the same blocks as `before`: same kind
 * of selection, same stored marks, and both ends inside one top-level block that is the very same
 * node (with the same nodes down to the caret, at the same offsets). Everything the toolbar shows
 * but undo and redo is computed from that neighbourhood, so it cannot have changed.
 *
 * A co-author's change elsewhere in the chapter passes: y-prosemirror rebuilds the document from
 * its Yjs types and reuses the node of every type the change left alone (its `mapping`), so the
 * caret's block keeps its identity while its position in the document moves. Pure; compares
 * identities, so a false negative only costs a recomputation.
 */
export function isSameCaretContext(before: EditorState, after: EditorState): boolean {
  const a = before.selection;
  const b = after.selection;
  if (a.constructor !== b.constructor || a.empty !== b.empty) return false;
  if (before.storedMarks !== after.storedMarks) return false;
  if (!isInOneTopBlock(a.$from, a.$to) || !isInOneTopBlock(b.$from, b.$to)) return false;
  const start = (pos: ResolvedPos) => pos.start(1);
  return (
    isSamePath(a.$from, b.$from) &&
    isSamePath(a.$to, b.$to) &&
    a.anchor - start(a.$from) === b.anchor - start(b.$from) &&
    a.head - start(a.$from) === b.head - start(b.$from)
  );
}

function isInOneTopBlock($from: ResolvedPos, $to: ResolvedPos): boolean {
  return $from.depth >= 1 && $to.depth >= 1 && $from.index(0) === $to.index(0);
}

/** The same nodes from the top-level block down to the position's parent, at the same offset. */
function isSamePath(a: ResolvedPos, b: ResolvedPos): boolean {
  if (a.depth !== b.depth || a.parentOffset !== b.parentOffset) return false;
  for (let depth = 1; depth <= a.depth; depth += 1) {
    if (a.node(depth) !== b.node(depth) || a.index(depth) !== b.index(depth)) return false;
  }
  return true;
}

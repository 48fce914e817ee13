import { encodeAnchor, type CommentAnchor } from '@wethink/shared/client';
import { fromBase64, toBase64 } from 'lib0/buffer';
import type { EditorState } from 'prosemirror-state';
import { absolutePositionToRelativePosition, relativePositionToAbsolutePosition } from 'y-prosemirror';
import * as Y from 'yjs';
import { associateLeft, bindingOf } from './comment-anchors';

/**
 * The point `pos` as an encoded Yjs relative position (the `at` of an insert suggestion), or null
 * when the editor is not bound to its Yjs document yet.
 */
export function pointAt(state: EditorState, pos: number): string | null {
  const binding = bindingOf(state);
  if (binding === null) return null;
  const position = absolutePositionToRelativePosition(
    pos,
    binding.type,
    binding.mapping,
  ) as Y.RelativePosition;
  return toBase64(Y.encodeRelativePosition(position));
}

/** Where an encoded point is now in the editor's document; null when it no longer resolves. */
export function resolvePoint(state: EditorState, encoded: string): number | null {
  const binding = bindingOf(state);
  if (binding === null) return null;
  let position: Y.RelativePosition;
  try {
    position = Y.decodeRelativePosition(fromBase64(encoded));
  } catch (error) {
    // The server checked every point it stored; one that does not decode has no place to show.
    if (error instanceof Error) return null;
    throw error;
  }
  const pos = relativePositionToAbsolutePosition(binding.ydoc, binding.type, position, binding.mapping);
  return pos === null || pos > state.doc.content.size ? null : pos;
}

/**
 * An anchor for the passage `from`..`to` (the `anchor` of a delete suggestion) and its text; null
 * when it holds no text or the editor is not bound yet.
 */
export function passageAt(
  state: EditorState,
  from: number,
  to: number,
): { anchor: CommentAnchor; quote: string } | null {
  const binding = bindingOf(state);
  const quote = state.doc.textBetween(from, to, '\n', '\uFFFC');
  if (binding === null || from >= to || quote === '') return null;
  const start = absolutePositionToRelativePosition(from, binding.type, binding.mapping) as Y.RelativePosition;
  const end = absolutePositionToRelativePosition(to, binding.type, binding.mapping) as Y.RelativePosition;
  return { anchor: encodeAnchor({ start, end: associateLeft(end, binding.ydoc) }), quote };
}

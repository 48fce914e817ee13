import { decodeAnchor, encodeAnchor, type CommentAnchor } from '@wethink/shared/client';
import type { EditorState } from 'prosemirror-state';
import {
  absolutePositionToRelativePosition,
  relativePositionToAbsolutePosition,
  ySyncPluginKey,
} from 'y-prosemirror';
import * as Y from 'yjs';

type ProsemirrorMapping = Parameters<typeof relativePositionToAbsolutePosition>[3];

/** What y-prosemirror binds an editor state to: the document, its fragment and the node for each Yjs type. */
interface YBinding {
  ydoc: Y.Doc;
  type: Y.XmlFragment;
  mapping: ProsemirrorMapping;
}

/** A passage in the editor's document (ProseMirror positions, `from < to`). */
export interface ThreadRange {
  from: number;
  to: number;
}

function bindingOf(state: EditorState): YBinding | null {
  // y-prosemirror types its key's state as `any`.
  const sync = ySyncPluginKey.getState(state) as
    { doc?: Y.Doc; type?: Y.XmlFragment; binding?: { mapping?: ProsemirrorMapping } | null } | undefined;
  const mapping = sync?.binding?.mapping;
  if (sync?.doc === undefined || sync.type === undefined || mapping === undefined) return null;
  return { ydoc: sync.doc, type: sync.type, mapping };
}

/**
 * The same place as `position`, but attached to the character before it, so text typed right
 * after a passage does not join it.
 */
function associateLeft(position: Y.RelativePosition, ydoc: Y.Doc): Y.RelativePosition {
  const absolute = Y.createAbsolutePositionFromRelativePosition(position, ydoc);
  return absolute === null
    ? position
    : Y.createRelativePositionFromTypeIndex(absolute.type, absolute.index, -1);
}

/**
 * An anchor for the selected passage (Yjs relative positions, so it moves with its words through
 * everyone's edits) and the text it covers; null for an empty selection or one without text.
 */
export function anchorFromSelection(state: EditorState): { anchor: CommentAnchor; quote: string } | null {
  const { from, to } = state.selection;
  const quote = state.doc.textBetween(from, to, '\n', '\uFFFC').trim();
  const binding = bindingOf(state);
  if (from >= to || quote === '' || binding === null) return null;
  const start = absolutePositionToRelativePosition(from, binding.type, binding.mapping) as Y.RelativePosition;
  const end = absolutePositionToRelativePosition(to, binding.type, binding.mapping) as Y.RelativePosition;
  return { anchor: encodeAnchor({ start, end: associateLeft(end, binding.ydoc) }), quote };
}

/**
 * Where an anchor's passage is now in the editor's document, or null when it is gone (both ends
 * met, an end no longer resolves) or the anchor does not decode. Call only while the editor and
 * its Yjs document agree: outside a transaction, or for a change that came from Yjs.
 */
export function resolveAnchor(state: EditorState, anchor: CommentAnchor): ThreadRange | null {
  const binding = bindingOf(state);
  if (binding === null) return null;
  let positions: ReturnType<typeof decodeAnchor>;
  try {
    positions = decodeAnchor(anchor);
  } catch (error) {
    // The server checked every anchor it stored; one that does not decode has no passage to show.
    if (error instanceof Error) return null;
    throw error;
  }
  const { ydoc, type, mapping } = binding;
  const from = relativePositionToAbsolutePosition(ydoc, type, positions.start, mapping);
  const to = relativePositionToAbsolutePosition(ydoc, type, positions.end, mapping);
  if (from === null || to === null || from >= to || to > state.doc.content.size) return null;
  return { from, to };
}

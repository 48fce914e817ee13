import type { CommentAnchor, SuggestedFormat } from '@wethink/shared/client';
import type { Plugin } from 'prosemirror-state';
import { suggestingPlugin } from './plugins/suggesting';
import { passageAt, pointAt, resolvePoint } from './suggestion-anchors';

/** How long a pause in typing ends a suggested insertion. */
export const SUGGESTION_PAUSE_MS = 1200;

/** A suggestion made in the editor, to be sent: an insertion at a point, or a passage's deletion. */
export type SuggestionCreateDetail =
  | { kind: 'insert'; at: string; text: string }
  | { kind: 'delete'; anchor: CommentAnchor; quote: string }
  | { kind: 'format'; anchor: CommentAnchor; quote: string; format: SuggestedFormat };

/**
 * The suggesting plugin for an editor element: what it captures is reported from `host` as a
 * bubbling `suggestion-create` event (anchored in Yjs positions, ready for the API).
 */
export function suggestingPluginFor(host: HTMLElement, onRefused: () => void): Plugin {
  const report = (detail: SuggestionCreateDetail) =>
    host.dispatchEvent(new CustomEvent('suggestion-create', { detail, bubbles: true, composed: true }));
  return suggestingPlugin({
    pauseMs: SUGGESTION_PAUSE_MS,
    onRefused,
    pointAt,
    resolvePoint,
    onInsert: ({ at, text }) => {
      if (at !== null) report({ kind: 'insert', at, text });
    },
    onDelete: (state, from, to) => {
      const passage = passageAt(state, from, to);
      if (passage !== null) report({ kind: 'delete', ...passage });
    },
    onFormat: (state, { from, to, mark, action, attrs }) => {
      const passage = passageAt(state, from, to);
      if (passage !== null) report({ kind: 'format', ...passage, format: { mark, action, attrs } });
    },
  });
}

declare global {
  interface HTMLElementEventMap {
    'suggestion-create': CustomEvent<SuggestionCreateDetail>;
  }
}

import type { CommentAnchor } from '@wethink/shared/client';
import type { Node } from 'prosemirror-model';
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import { ySyncPluginKey } from 'y-prosemirror';
import { resolveAnchor, type ThreadRange } from '../comment-anchors';

/** How a thread's passage is shown: open, resolved, or still being sent from this device. */
export type HighlightKind = 'open' | 'resolved' | 'pending';

export interface HighlightThread {
  id: string;
  anchor: CommentAnchor;
  kind: HighlightKind;
}

/** What the editor is told to show: every thread's passage, and the one in focus. */
export interface CommentHighlights {
  threads: readonly HighlightThread[];
  focusedId: string | null;
}

export interface CommentHighlightsState {
  input: CommentHighlights;
  /** Each thread's passage now; null: gone (the thread is orphaned). */
  ranges: ReadonlyMap<string, ThreadRange | null>;
  decorations: DecorationSet;
}

export const commentHighlightsKey = new PluginKey<CommentHighlightsState>('comment-highlights');

const NO_HIGHLIGHTS: CommentHighlights = { threads: [], focusedId: null };

function resolveAll(state: EditorState, input: CommentHighlights): Map<string, ThreadRange | null> {
  return new Map(input.threads.map((thread) => [thread.id, resolveAnchor(state, thread.anchor)]));
}

/** A local edit: Yjs has not seen it yet, so the passages move with ProseMirror's mapping instead. */
function mapAll(
  ranges: ReadonlyMap<string, ThreadRange | null>,
  tr: Transaction,
): Map<string, ThreadRange | null> {
  const mapped = new Map<string, ThreadRange | null>();
  for (const [id, range] of ranges) {
    if (range === null) {
      mapped.set(id, null);
      continue;
    }
    // Like the anchor's ends: text typed at either edge stays outside the passage.
    const from = tr.mapping.map(range.from, 1);
    const to = tr.mapping.map(range.to, -1);
    mapped.set(id, from < to ? { from, to } : null);
  }
  return mapped;
}

function decorate(
  doc: Node,
  input: CommentHighlights,
  ranges: ReadonlyMap<string, ThreadRange | null>,
): DecorationSet {
  const decorations: Decoration[] = [];
  for (const thread of input.threads) {
    // A resolved thread is done with: its passage reads as plain text again.
    if (thread.kind === 'resolved') continue;
    const range = ranges.get(thread.id);
    if (range === null || range === undefined) continue;
    const isActive = thread.id === input.focusedId;
    decorations.push(
      Decoration.inline(
        range.from,
        range.to,
        {
          class: `comment-highlight comment-highlight--${thread.kind}${isActive ? ' comment-highlight--active' : ''}`,
          'data-thread-id': thread.id,
        },
        { threadId: thread.id },
      ),
    );
  }
  return DecorationSet.create(doc, decorations);
}

/** The thread whose passage holds `pos`; the shortest one where passages overlap. */
export function threadAt(ranges: ReadonlyMap<string, ThreadRange | null>, pos: number): string | null {
  let best: { id: string; length: number } | null = null;
  for (const [id, range] of ranges) {
    if (range === null || pos < range.from || pos > range.to) continue;
    const length = range.to - range.from;
    if (best === null || length < best.length) best = { id, length };
  }
  return best?.id ?? null;
}

/** The passages shown highlighted: every thread's but the resolved ones. */
function highlightedRanges(state: CommentHighlightsState): Map<string, ThreadRange | null> {
  const shown = new Map(state.ranges);
  for (const thread of state.input.threads) if (thread.kind === 'resolved') shown.delete(thread.id);
  return shown;
}

/**
 * Highlights every open comment thread's passage (resolved ones are left plain), with a class per state. The threads arrive as this
 * plugin's meta (`tr.setMeta(commentHighlightsKey, highlights)`); their anchors are resolved
 * against the Yjs document then and after every change that came from Yjs, and mapped through
 * local edits in between. A click on a passage reports its thread. Never changes the document.
 */
export function commentHighlightsPlugin(options: {
  onThreadClick: (threadId: string) => void;
}): Plugin<CommentHighlightsState> {
  return new Plugin<CommentHighlightsState>({
    key: commentHighlightsKey,
    state: {
      init: () => ({ input: NO_HIGHLIGHTS, ranges: new Map(), decorations: DecorationSet.empty }),
      apply: (tr, value, _oldState, newState) => {
        const input = tr.getMeta(commentHighlightsKey) as CommentHighlights | undefined;
        const sync = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
        if (input === undefined && sync?.isChangeOrigin !== true && !tr.docChanged) return value;
        const next = input ?? value.input;
        // Nothing highlighted before or after: typing costs nothing here.
        if (next.threads.length === 0 && value.input.threads.length === 0) {
          return input === undefined ? value : { ...value, input: next };
        }
        const isFromYjs = input !== undefined || sync?.isChangeOrigin === true;
        const ranges = isFromYjs ? resolveAll(newState, next) : mapAll(value.ranges, tr);
        return { input: next, ranges, decorations: decorate(tr.doc, next, ranges) };
      },
    },
    props: {
      decorations: (state) => commentHighlightsKey.getState(state)?.decorations,
      handleClick: (view, pos) => {
        const state = commentHighlightsKey.getState(view.state);
        const threadId = state === undefined ? null : threadAt(highlightedRanges(state), pos);
        if (threadId !== null) options.onThreadClick(threadId);
        // The click still places the caret as usual.
        return false;
      },
    },
  });
}

/** Thread ids in the order their passages appear, and the ids whose passage is gone. */
export interface PassageLayout {
  order: string[];
  orphaned: Set<string>;
}

/** The highlighted threads in document order (by start, then end; ties keep the given order). */
export function passageLayout(state: CommentHighlightsState): PassageLayout {
  const placed: Array<{ id: string; range: ThreadRange; index: number }> = [];
  const orphaned = new Set<string>();
  state.input.threads.forEach((thread, index) => {
    const range = state.ranges.get(thread.id);
    if (range === null || range === undefined) orphaned.add(thread.id);
    else placed.push({ id: thread.id, range, index });
  });
  placed.sort((a, b) => a.range.from - b.range.from || a.range.to - b.range.to || a.index - b.index);
  return { order: placed.map((entry) => entry.id), orphaned };
}

/** Same order and same orphans. */
export function isSameLayout(a: PassageLayout, b: PassageLayout): boolean {
  return (
    a.order.length === b.order.length &&
    a.order.every((id, index) => b.order[index] === id) &&
    a.orphaned.size === b.orphaned.size &&
    [...a.orphaned].every((id) => b.orphaned.has(id))
  );
}

import type { Node } from 'prosemirror-model';
import { Plugin, PluginKey } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import { authorshipRanges, type AuthorRun } from '../authorship-ranges';

/** Who wrote what, and how to show each author. */
export interface AuthorshipPaint {
  runs: readonly AuthorRun[];
  authors: ReadonlyMap<string, { name: string; color: string }>;
}

export const authorshipKey = new PluginKey<DecorationSet>('authorship');

const colorPattern = /^#[0-9a-fA-F]{6}$/;
const UNKNOWN_COLOR = '#777777';

/** Inline decorations tinting each author's text in their colour (presence-bar colours, light). */
export function authorshipDecorations(doc: Node, paint: AuthorshipPaint): DecorationSet {
  const decorations = authorshipRanges(doc, paint.runs).map((range) => {
    const author = paint.authors.get(range.userId);
    const color = author !== undefined && colorPattern.test(author.color) ? author.color : UNKNOWN_COLOR;
    return Decoration.inline(range.from, range.to, {
      class: 'authorship',
      style: `background-color: ${color}38; box-shadow: inset 0 -2px ${color}`,
      'data-author': author?.name ?? 'Unknown',
      title: `Written by ${author?.name ?? 'someone no longer in the book'}`,
      'data-user-id': range.userId,
    });
  });
  return DecorationSet.create(doc, decorations);
}

/**
 * Colours the text by who wrote it. Off until a transaction carries a paint as this plugin's meta
 * (`tr.setMeta(authorshipKey, paint)`); `null` as meta turns it off. Between paints the
 * decorations follow the edits. Only decorates: the document is never changed.
 */
export function authorshipPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: authorshipKey,
    state: {
      init: () => DecorationSet.empty,
      apply: (tr, decorations) => {
        const paint = tr.getMeta(authorshipKey) as AuthorshipPaint | null | undefined;
        if (paint === null) return DecorationSet.empty;
        if (paint !== undefined) return authorshipDecorations(tr.doc, paint);
        return tr.docChanged ? decorations.map(tr.mapping, tr.doc) : decorations;
      },
    },
    props: {
      decorations: (state) => authorshipKey.getState(state),
    },
  });
}

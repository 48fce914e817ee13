import * as Y from 'yjs';
import {
  AppError,
  anchoredText,
  chapterFragment,
  decodeAnchor,
  quoteOf,
  type SuggestionRecord,
} from '@wethink/shared';

type Positions = ReturnType<typeof decodeAnchor>;

/**
 * How a suggestion meets the chapter's text: where its anchor points now, what its passage reads,
 * and the change that accepting it makes. Pure functions over a `Y.Doc`; the service decides who
 * may call them and writes the result through the room.
 */

/** The paragraph text a position points into, or `anchor-gone`. */
export function paragraphAt(doc: Y.Doc, position: Y.RelativePosition): { text: Y.XmlText; index: number } {
  const absolute = Y.createAbsolutePositionFromRelativePosition(position, doc);
  if (!absolute || !(absolute.type instanceof Y.XmlText) || !isInDocument(absolute.type)) {
    throw new AppError('anchor-gone', 'the suggested place no longer exists');
  }
  return { text: absolute.type, index: absolute.index };
}

/** Whether a type and every type around it are still in the document (none deleted). */
function isInDocument(type: { _item: Y.Item | null }): boolean {
  for (let item = type._item; item; item = (item.parent as { _item: Y.Item | null })._item) {
    if (item.deleted) return false;
  }
  return true;
}

/**
 * A passage (to delete or format), within one paragraph, as it reads now; `anchor-gone` when
 * it is empty.
 */
export function anchoredPassage(doc: Y.Doc, positions: Positions): string {
  const { start, end } = passageAt(doc, positions);
  if (end.index <= start.index) throw new AppError('anchor-gone', 'the suggested passage no longer exists');
  const text = anchoredText(chapterFragment(doc), positions);
  if (text === '') throw new AppError('anchor-gone', 'the suggested passage no longer exists');
  return quoteOf(text);
}

function passageAt(doc: Y.Doc, positions: Positions) {
  const start = paragraphAt(doc, positions.start);
  const end = paragraphAt(doc, positions.end);
  if (start.text !== end.text) {
    throw new AppError('invalid-request', 'a suggested passage stays within one paragraph');
  }
  return { start, end };
}

/** Makes the suggested change in `doc` (the room's shadow of the chapter). */
export function applySuggestion(doc: Y.Doc, suggestion: SuggestionRecord): void {
  const positions = decodeAnchor(suggestion.anchor);
  if (suggestion.kind === 'insert') {
    const start = paragraphAt(doc, positions.start);
    start.text.insert(start.index, suggestion.text);
    return;
  }
  const { start, end } = passageAt(doc, positions);
  if (end.index <= start.index) {
    throw new AppError('anchor-gone', 'the suggested passage no longer exists');
  }
  const length = end.index - start.index;
  if (suggestion.kind === 'delete') {
    start.text.delete(start.index, length);
    return;
  }
  const format = suggestion.format;
  if (!format) throw new Error(`format suggestion ${suggestion.id} has no format`);
  // y-prosemirror keeps a mark as a text attribute named after it, holding the mark's attrs;
  // null removes it (Yjs' formatting delta).
  const value =
    format.action === 'remove' ? null : format.mark === 'link' ? { title: null, ...format.attrs } : {};
  start.text.format(start.index, length, { [format.mark]: value });
}

/**
 * A sort key for each suggestion: where its anchor starts in the chapter, counted in characters
 * over all paragraphs in document order; null when the anchor is gone.
 */
export function documentOrderOf(doc: Y.Doc): (suggestion: SuggestionRecord) => number | null {
  const offsets = new Map<Y.XmlText, number>();
  let offset = 0;
  for (const node of chapterFragment(doc).createTreeWalker(() => true)) {
    if (!(node instanceof Y.XmlText)) continue;
    offsets.set(node, offset);
    offset += node.length + 1;
  }
  return (suggestion) => {
    try {
      const { text, index } = paragraphAt(doc, decodeAnchor(suggestion.anchor).start);
      const base = offsets.get(text);
      return base === undefined ? null : base + index;
    } catch (error) {
      if (error instanceof AppError && error.code === 'anchor-gone') return null;
      throw error;
    }
  };
}

import * as Y from 'yjs';

/** One heading of a chapter: its level, its text, and which top-level block it is. */
export interface OutlineItem {
  level: number;
  text: string;
  /** Index of the heading among the chapter's top-level blocks (what the editor scrolls to). */
  blockIndex: number;
}

function textOf(element: Y.XmlElement): string {
  let text = '';
  for (const child of element.toArray()) {
    if (child instanceof Y.XmlText) {
      for (const op of child.toDelta() as { insert?: unknown }[])
        if (typeof op.insert === 'string') text += op.insert;
    } else if (child instanceof Y.XmlElement) {
      text += textOf(child);
    }
  }
  return text;
}

/**
 * The headings of a chapter as y-prosemirror stores it (top-level `heading` elements with a
 * `level` attribute), in document order. Levels from any author's copy are clamped to 1-3.
 */
export function outlineOf(fragment: Y.XmlFragment): OutlineItem[] {
  const items: OutlineItem[] = [];
  fragment.toArray().forEach((block, blockIndex) => {
    if (!(block instanceof Y.XmlElement) || block.nodeName !== 'heading') return;
    const level = Number(block.getAttribute('level'));
    const text = textOf(block).replace(/\s+/g, ' ').trim();
    items.push({
      level: level >= 3 ? 3 : level === 2 ? 2 : 1,
      text: text === '' ? 'Untitled section' : text,
      blockIndex,
    });
  });
  return items;
}

/** Whether two outlines show the same (so an unchanged outline does not re-render). */
export function isSameOutline(a: readonly OutlineItem[], b: readonly OutlineItem[]): boolean {
  return (
    a.length === b.length &&
    a.every((item, i) => {
      const other = b[i]!;
      return item.level === other.level && item.text === other.text && item.blockIndex === other.blockIndex;
    })
  );
}

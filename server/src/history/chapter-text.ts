import * as Y from 'yjs';

/** Receives a chapter's text items in document order. */
export interface ChapterTextVisitor {
  /** A new text block starts; `block` is the element's item (null for text at the top level). */
  blockStart(block: Y.Item | null): void;
  /** A run of text (the whole item: callers look at the clocks they need). */
  text(item: Y.Item & { content: Y.ContentString }): void;
}

/**
 * Walks the text of a chapter fragment (y-prosemirror's element tree) in document order, visiting
 * the items `include` accepts, deleted or not: authorship walks visible items only, a diff walks
 * the union of two versions. A block starts wherever text continues in another element.
 */
export function walkChapterText(
  fragment: Y.XmlFragment,
  visitor: ChapterTextVisitor,
  include: (item: Y.Item) => boolean,
): void {
  let lastParent: Y.AbstractType<unknown> | null = null;
  const walk = (type: Y.AbstractType<unknown>): void => {
    for (let item = type._start; item !== null; item = item.right) {
      if (!include(item)) continue;
      const content = item.content;
      if (content instanceof Y.ContentString) {
        if (type !== lastParent) {
          visitor.blockStart(type._item);
          lastParent = type;
        }
        visitor.text(item as Y.Item & { content: Y.ContentString });
      } else if (content instanceof Y.ContentType) {
        const child = content.type;
        if (child instanceof Y.XmlText) {
          // An XmlText's text belongs to its element's block: text after an inline node continues it.
          const block = type;
          for (let textItem = child._start; textItem !== null; textItem = textItem.right) {
            if (!include(textItem) || !(textItem.content instanceof Y.ContentString)) continue;
            if (block !== lastParent) {
              visitor.blockStart(block._item);
              lastParent = block;
            }
            visitor.text(textItem as Y.Item & { content: Y.ContentString });
          }
        } else {
          walk(child);
        }
      }
    }
  };
  walk(fragment as unknown as Y.AbstractType<unknown>);
}

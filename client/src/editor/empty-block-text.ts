import { ySyncPluginKey } from 'y-prosemirror';
import * as Y from 'yjs';

/** Transaction origin of the text nodes this module adds, so they can be told apart in tests. */
export const emptyBlockTextOrigin = Symbol('empty-block-text');

/**
 * Gives every empty paragraph or heading the author creates an empty `Y.XmlText` right away.
 *
 * Why: y-prosemirror writes an empty block as an element without children. When two authors then
 * type into it at once, each creates a text node of their own; y-prosemirror 1.3.7 merges such
 * neighbours in two transactions and duplicates characters (yjs/y-prosemirror#271). With one text
 * node present from the start, concurrent keystrokes all land in it.
 *
 * The text is added in a second transaction that runs while the first is being cleaned up, so it
 * stays inside y-prosemirror's mutex (the binding does not re-render) and leaves in the same batch
 * frame as the block itself.
 */
export function giveEmptyBlocksText(
  fragment: Y.XmlFragment,
  isTextblock: (nodeName: string) => boolean,
): () => void {
  const doc = fragment.doc;
  if (doc === null) throw new Error('giveEmptyBlocksText needs a fragment that is part of a Y.Doc');
  const onAfterTransaction = (transaction: Y.Transaction) => {
    if (transaction.origin !== ySyncPluginKey) return;
    const missing = emptyTextblocksTouchedBy(transaction, isTextblock);
    if (missing.length === 0) return;
    doc.transact(() => {
      for (const block of missing) block.insert(0, [new Y.XmlText()]);
    }, emptyBlockTextOrigin);
  };
  doc.on('afterTransaction', onAfterTransaction);
  return () => doc.off('afterTransaction', onAfterTransaction);
}

/** Textblocks created or emptied of elements by this transaction that have no children now. */
export function emptyTextblocksTouchedBy(
  transaction: Y.Transaction,
  isTextblock: (nodeName: string) => boolean,
): Y.XmlElement[] {
  const found = new Set<Y.XmlElement>();
  const isNew = (type: Y.XmlElement) => {
    const item = type._item;
    return (
      item !== null && !item.deleted && item.id.clock >= (transaction.beforeState.get(item.id.client) ?? 0)
    );
  };
  const visitNew = (element: Y.XmlElement) => {
    if (isTextblock(element.nodeName)) {
      if (element.length === 0) found.add(element);
      return;
    }
    for (const child of element.toArray()) if (child instanceof Y.XmlElement) visitNew(child);
  };
  for (const type of transaction.changed.keys()) {
    if (type._item?.deleted === true) continue;
    if (type instanceof Y.XmlElement && isTextblock(type.nodeName) && type.length === 0) found.add(type);
    if (!(type instanceof Y.XmlElement || type instanceof Y.XmlFragment)) continue;
    for (const child of type.toArray()) {
      if (child instanceof Y.XmlElement && isNew(child)) visitNew(child);
    }
  }
  return [...found];
}

import { chapterFragment } from '@wethink/shared/client';
import * as Y from 'yjs';

/**
 * Gives a new chapter its first, empty paragraph, holding an empty text. Only the author who
 * creates a chapter does this: if every author's editor created the paragraph on first keystroke,
 * concurrent first keystrokes would each add one and the chapter would start with several.
 *
 * The empty `Y.XmlText` matters too: authors who type into a paragraph without one each create
 * their own, and y-prosemirror 1.3.7 merges adjacent texts in two transactions, duplicating
 * characters (yjs/y-prosemirror#271). With one shared text, every keystroke lands in it.
 */
export function seedChapter(ydoc: Y.Doc): void {
  const fragment = chapterFragment(ydoc);
  if (fragment.length > 0) return;
  ydoc.transact(() => {
    const paragraph = new Y.XmlElement('paragraph');
    paragraph.insert(0, [new Y.XmlText()]);
    fragment.insert(0, [paragraph]);
  });
}

import type { Node } from 'prosemirror-model';
import * as Y from 'yjs';

/**
 * Appends a `doc` node's blocks to a chapter fragment in y-prosemirror's layout (the reverse of
 * history/prosemirror-json.ts): an element per node with its non-null attributes, and each run of
 * text in a `Y.XmlText` whose formatting attributes are the marks (`{ [mark]: attrs }`). Call it
 * inside a transaction of the fragment's document.
 */
export function appendToFragment(fragment: Y.XmlFragment, doc: Node): void {
  fill(fragment, doc);
}

function fill(target: Y.XmlFragment | Y.XmlElement, parent: Node): void {
  let text: Y.XmlText | null = null;
  parent.forEach((child) => {
    if (child.isText) {
      if (!text) {
        text = new Y.XmlText();
        target.insert(target.length, [text]);
      }
      // Every run says all of its formatting: an empty object clears what the previous run had.
      const attributes = Object.fromEntries(child.marks.map((mark) => [mark.type.name, { ...mark.attrs }]));
      text.insert(text.length, child.text ?? '', attributes);
      return;
    }
    text = null;
    const element = new Y.XmlElement(child.type.name);
    for (const [key, value] of Object.entries(child.attrs)) {
      if (value !== null && value !== undefined) element.setAttribute(key, value as string);
    }
    target.insert(target.length, [element]);
    fill(element, child);
  });
}

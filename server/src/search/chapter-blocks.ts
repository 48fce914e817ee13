import * as Y from 'yjs';
import { chapterFragment } from '@wethink/shared';

function appendText(node: Y.XmlElement | Y.XmlText, parts: string[]): void {
  if (node instanceof Y.XmlText) {
    for (const op of node.toDelta() as { insert?: unknown }[])
      if (typeof op.insert === 'string') parts.push(op.insert);
    return;
  }
  for (const child of node.toArray()) {
    if (child instanceof Y.XmlElement || child instanceof Y.XmlText) {
      appendText(child, parts);
      // Nested blocks (list items, quoted paragraphs) are separate words.
      if (child instanceof Y.XmlElement) parts.push(' ');
    }
  }
}

/** The text of one top-level block ('' when it has none). */
export function blockText(block: Y.XmlElement | Y.XmlText): string {
  const parts: string[] = [];
  appendText(block, parts);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/**
 * The text of each top-level block of a chapter (paragraph, heading, list, quote…), by index:
 * what search indexes and jumps to. Empty blocks are left out; figures' captions count as text.
 */
export function chapterBlocks(doc: Y.Doc): { index: number; text: string }[] {
  const blocks: { index: number; text: string }[] = [];
  chapterFragment(doc)
    .toArray()
    .forEach((block, index) => {
      if (!(block instanceof Y.XmlElement) && !(block instanceof Y.XmlText)) return;
      const text = blockText(block);
      if (text !== '') blocks.push({ index, text });
    });
  return blocks;
}

import type { Node } from 'prosemirror-model';

// A word is a run of letters or digits, possibly joined by an apostrophe or hyphen (don't, co-author).
const wordPattern = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

export function countWords(text: string): number {
  let count = 0;
  for (const _match of text.matchAll(wordPattern)) count += 1;
  return count;
}

/** Words per top-level block: nodes are immutable, and an edit replaces only the blocks it touches. */
const wordsOfBlock = new WeakMap<Node, number>();

/**
 * Words in a chapter's text. Notes are not counted: they are apparatus, not prose. Counted per
 * top-level block (blocks are separated by a space, so no word spans two) and remembered per block
 * node: while co-authors type, a recount reads only the blocks they changed, not the chapter.
 */
export function countDocWords(doc: Node): number {
  let count = 0;
  doc.forEach((block) => {
    let words = wordsOfBlock.get(block);
    if (words === undefined) {
      words = block.isLeaf ? 0 : countWords(block.textBetween(0, block.content.size, ' ', ' '));
      wordsOfBlock.set(block, words);
    }
    count += words;
  });
  return count;
}

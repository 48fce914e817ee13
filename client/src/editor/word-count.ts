import type { Node } from 'prosemirror-model';

// A word is a run of letters or digits, possibly joined by an apostrophe or hyphen (don't, co-author).
const wordPattern = /[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu;

export function countWords(text: string): number {
  let count = 0;
  for (const _match of text.matchAll(wordPattern)) count += 1;
  return count;
}

/** Words in a chapter's text. Notes are not counted: they are apparatus, not prose. */
export function countDocWords(doc: Node): number {
  return countWords(doc.textBetween(0, doc.content.size, ' ', ' '));
}

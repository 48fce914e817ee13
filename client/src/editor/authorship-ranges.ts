import type { AuthorshipView } from '@wethink/shared/client';
import type { Node } from 'prosemirror-model';

export type AuthorRun = AuthorshipView['runs'][number];

/** A stretch of the document (ProseMirror positions) written by one author. */
export interface AuthorRange {
  from: number;
  to: number;
  userId: string;
}

/** The text of a document, and the position of each of its characters (-1 for a block break). */
export interface FlatText {
  text: string;
  positions: number[];
}

/**
 * The document's text the way the server flattens a chapter (`authorshipOf`): the text of every
 * textblock that has any, in order, joined by '\n'. Empty blocks add nothing, and inline atoms
 * (notes, hard breaks) hold no text on the server, so they add nothing here either.
 */
export function flattenText(doc: Node): FlatText {
  let text = '';
  const positions: number[] = [];
  doc.descendants((node, pos) => {
    if (!node.isTextblock) return true;
    let isFirstText = true;
    node.forEach((child, offset) => {
      if (!child.isText || child.text === undefined || child.text === '') return;
      if (isFirstText && text !== '') {
        text += '\n';
        positions.push(-1);
      }
      isFirstText = false;
      const start = pos + 1 + offset;
      for (let index = 0; index < child.text.length; index += 1) positions.push(start + index);
      text += child.text;
    });
    return false;
  });
  return { text, positions };
}

/**
 * Maps an index in `source` to the index of the same character in `target`, for texts that agree
 * except in one stretch (the server's copy lags the editor by the last few keystrokes): the common
 * start maps one to one, the common end from the back, the stretch between not at all (-1).
 */
export function alignTexts(source: string, target: string): (sourceIndex: number) => number {
  if (source === target) return (index) => index;
  const shorter = Math.min(source.length, target.length);
  let prefix = 0;
  while (prefix < shorter && source[prefix] === target[prefix]) prefix += 1;
  let suffix = 0;
  while (
    suffix < shorter - prefix &&
    source[source.length - 1 - suffix] === target[target.length - 1 - suffix]
  ) {
    suffix += 1;
  }
  const shift = target.length - source.length;
  return (index) => {
    if (index < prefix) return index;
    if (index >= source.length - suffix) return index + shift;
    return -1;
  };
}

/**
 * Where each author's text is in the document, from the server's authorship runs (the chapter's
 * text in order). Text the editor and the server do not agree on yet is left out, as is text
 * whose author the server does not know.
 */
export function authorshipRanges(doc: Node, runs: readonly AuthorRun[]): AuthorRange[] {
  const flat = flattenText(doc);
  const docIndexOf = alignTexts(runs.map((run) => run.text).join(''), flat.text);
  const ranges: AuthorRange[] = [];
  let sourceIndex = 0;
  for (const run of runs) {
    for (let offset = 0; offset < run.text.length; offset += 1, sourceIndex += 1) {
      if (run.userId === null) continue;
      const pos = flat.positions[docIndexOf(sourceIndex)] ?? -1;
      if (pos < 0) continue;
      const last = ranges.at(-1);
      if (last !== undefined && last.userId === run.userId && last.to === pos) last.to = pos + 1;
      else ranges.push({ from: pos, to: pos + 1, userId: run.userId });
    }
  }
  return ranges;
}

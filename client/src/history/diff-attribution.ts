import type { DiffRun } from '@wethink/shared/client';
import type { Node } from 'prosemirror-model';

/** Who is behind one character of a diff. */
export interface CharAuthor {
  /** Who wrote it (a character of the newer side) or deleted it (of the older side). */
  userId: string | null;
  /** For a character of the older side: who had written it. */
  writtenBy: string | null;
}

/**
 * Per-character authors of both sides of a diff, read from the server's runs (which know who
 * typed and who deleted each character from the shared document's history). The document diff is
 * computed on the client from both sides' content, so the two are joined by character order: the
 * newer side's characters are the equal and inserted runs, the older side's the equal and deleted
 * ones. When a side's characters do not match its content (a version the server could not read
 * as the schema), that side's authors are unknown rather than shifted onto the wrong words.
 */
export interface DiffAttribution {
  from: readonly CharAuthor[] | null;
  to: readonly CharAuthor[] | null;
}

const UNKNOWN: CharAuthor = { userId: null, writtenBy: null };

/** All text of a document (or node) in order, without block breaks (what the runs hold, minus '\n'). */
export function plainTextOf(doc: Node): string {
  if (doc.isText) return doc.text ?? '';
  let text = '';
  doc.descendants((node) => {
    if (node.isText) text += node.text ?? '';
  });
  return text;
}

export function diffAttribution(runs: readonly DiffRun[], from: Node, to: Node): DiffAttribution {
  let fromText = '';
  let toText = '';
  const fromAuthors: CharAuthor[] = [];
  const toAuthors: CharAuthor[] = [];
  for (const run of runs) {
    const text = run.text.replace(/\n/g, '');
    const userId = run.userId ?? null;
    if (run.kind !== 'insert') {
      fromText += text;
      const author =
        run.kind === 'delete' ? { userId, writtenBy: run.writtenBy ?? null } : { userId, writtenBy: userId };
      for (let k = 0; k < text.length; k++) fromAuthors.push(author);
    }
    if (run.kind !== 'delete') {
      toText += text;
      for (let k = 0; k < text.length; k++) toAuthors.push({ userId, writtenBy: null });
    }
  }
  return {
    from: fromText === plainTextOf(from) ? fromAuthors : null,
    to: toText === plainTextOf(to) ? toAuthors : null,
  };
}

/** Reads a side's authors in document order, character by character. */
export class AuthorCursor {
  private at = 0;

  constructor(private readonly authors: readonly CharAuthor[] | null) {}

  /** The authors of the next `length` characters (unknown past the end or without authors). */
  take(length: number): CharAuthor[] {
    const taken = Array.from({ length }, (_, k) => this.authors?.[this.at + k] ?? UNKNOWN);
    this.at += length;
    return taken;
  }
}

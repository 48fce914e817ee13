import type { DiffRun, DiffRunKind } from '@wethink/shared/client';

/** A piece of one line of a diff, as shown: equal text plain, insertions and deletions coloured. */
export interface DiffSegment {
  kind: DiffRunKind;
  text: string;
  /** Who wrote it (equal, insert) or deleted it (delete); null when the server cannot tell. */
  userId: string | null;
  /** For a deletion: who had written the deleted text; null when unknown. */
  writtenBy: string | null;
}

/**
 * A diff's runs as lines of segments: the server separates blocks with '\n', so each line is a
 * paragraph. A block break that was inserted or deleted starts a new line all the same, so the
 * text reads as it is laid out in either version.
 */
export function diffLines(runs: readonly DiffRun[]): DiffSegment[][] {
  const lines: DiffSegment[][] = [[]];
  for (const run of runs) {
    const parts = run.text.split('\n');
    parts.forEach((text, index) => {
      if (index > 0) lines.push([]);
      if (text === '') return;
      lines
        .at(-1)!
        .push({ kind: run.kind, text, userId: run.userId ?? null, writtenBy: run.writtenBy ?? null });
    });
  }
  return lines;
}

/** Characters inserted and deleted by one person in a diff. */
export interface DiffAuthorShare {
  userId: string | null;
  inserted: number;
  deleted: number;
}

/**
 * Who changed what between the two sides of a diff, for the legend: everyone who inserted or
 * deleted text, most changes first (unattributed text last). Equal text is nobody's change.
 */
export function diffAuthors(runs: readonly DiffRun[]): DiffAuthorShare[] {
  const shares = new Map<string | null, DiffAuthorShare>();
  for (const run of runs) {
    if (run.kind === 'equal') continue;
    const userId = run.userId ?? null;
    const share = shares.get(userId) ?? { userId, inserted: 0, deleted: 0 };
    const count = run.text.replace(/\n/g, '').length;
    if (run.kind === 'insert') share.inserted += count;
    else share.deleted += count;
    shares.set(userId, share);
  }
  return sortShares([...shares.values()]);
}

/** Most changes first, unattributed changes last. */
export function sortShares(shares: DiffAuthorShare[]): DiffAuthorShare[] {
  return shares.sort(
    (a, b) =>
      Number(a.userId === null) - Number(b.userId === null) ||
      b.inserted + b.deleted - (a.inserted + a.deleted),
  );
}

import type { DocName } from '@wethink/shared';
import type { ContributionRow, DeletionRow } from '../storage/document-store';
import { encodeIdRanges, type IdRange } from './id-ranges';
import type { TransactionCounts } from './transaction-counts';

export const MINUTE_MS = 60_000;

/**
 * Contribution counts waiting to be written: summed per (chapter, user, minute) and deletion
 * ranges gathered per (chapter, user), so a minute of typing becomes one row and one record.
 * Pure state: the recorder decides when to drain it into storage.
 */
export class ContributionBuffer {
  private rows = new Map<string, ContributionRow>();
  private deletions = new Map<string, { doc: DocName; userId: string; atMs: number; ranges: IdRange[] }>();

  get isEmpty(): boolean {
    return this.rows.size === 0 && this.deletions.size === 0;
  }

  add(doc: DocName, userId: string, atMs: number, counts: TransactionCounts): void {
    const minuteMs = atMs - (atMs % MINUTE_MS);
    const key = `${doc}\u0000${userId}\u0000${minuteMs}`;
    let row = this.rows.get(key);
    if (!row) {
      row = { doc, userId, minuteMs, charsInserted: 0, charsDeleted: 0, wordsAdded: 0, wordsRemoved: 0 };
      this.rows.set(key, row);
    }
    row.charsInserted += counts.charsInserted;
    row.charsDeleted += counts.charsDeleted;
    row.wordsAdded += counts.wordsAdded;
    row.wordsRemoved += counts.wordsRemoved;
    this.addDeletions(doc, userId, atMs, counts.deleted);
  }

  private addDeletions(doc: DocName, userId: string, atMs: number, ranges: readonly IdRange[]): void {
    if (ranges.length === 0) return;
    const key = `${doc}\u0000${userId}`;
    const pending = this.deletions.get(key);
    if (pending) pending.ranges.push(...ranges);
    else this.deletions.set(key, { doc, userId, atMs, ranges: [...ranges] });
  }

  /** Takes everything buffered, leaving the buffer empty. */
  drain(): { rows: ContributionRow[]; deletions: DeletionRow[] } {
    const rows = [...this.rows.values()];
    const deletions = [...this.deletions.values()].map(({ doc, userId, atMs, ranges }) => ({
      doc,
      userId,
      atMs,
      ranges: encodeIdRanges(ranges),
    }));
    this.rows = new Map();
    this.deletions = new Map();
    return { rows, deletions };
  }

  /** Puts drained rows back after a failed write, so nothing is lost (counts add up again). */
  restore(
    drained: { rows: ContributionRow[]; deletions: DeletionRow[] },
    decode: (bytes: Uint8Array) => IdRange[],
  ): void {
    for (const row of drained.rows) {
      this.add(row.doc, row.userId, row.minuteMs, { ...row, deleted: [], hasChanges: true });
    }
    for (const deletion of drained.deletions) {
      this.addDeletions(deletion.doc, deletion.userId, deletion.atMs, decode(deletion.ranges));
    }
  }
}

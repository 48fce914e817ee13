/**
 * Which of a document's sequence numbers this process holds, when several processes append to it:
 * everything up to `contiguous`, plus scattered numbers above it (its own appends land past rows
 * another instance committed and this one has not applied yet). Compaction may fold only through
 * `contiguous`: the live document holds every row up to there, and maybe some after.
 */
export class SeqWindow {
  private above = new Set<number>();

  constructor(private through: number) {}

  /** Every number up to here is held. */
  get contiguous(): number {
    return this.through;
  }

  /** Whether some number past `contiguous` is held (a row before it is missing). */
  get hasGap(): boolean {
    return this.above.size > 0;
  }

  has(seq: number): boolean {
    return seq <= this.through || this.above.has(seq);
  }

  /** Notes `from..to` (inclusive) as held. */
  mark(from: number, to: number): void {
    for (let seq = Math.max(from, this.through + 1); seq <= to; seq += 1) this.above.add(seq);
    this.advance();
  }

  /** Notes everything up to `seq` as held (a compacted state that folds them). */
  markThrough(seq: number): void {
    if (seq <= this.through) return;
    this.through = seq;
    for (const held of this.above) if (held <= seq) this.above.delete(held);
    this.advance();
  }

  private advance(): void {
    while (this.above.delete(this.through + 1)) this.through += 1;
  }
}

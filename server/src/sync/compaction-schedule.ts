/** Past this many times the threshold a room's log is compacted at once, busy or not. */
const BUSY_CEILING = 4;

export interface CompactionPolicy {
  /** Log length (updates since the last compaction) from which the room wants compacting. */
  afterUpdates: number;
  /** How long the room must go without a write before that happens. */
  quietMs: number;
}

/**
 * When a room's update log is folded into one state: past `afterUpdates` once the room has been
 * quiet for `quietMs`, so a burst of typing is not held up while the whole chapter is encoded and
 * written; and at once past four times that, so a chapter that never pauses is compacted anyway.
 * One timer per room, armed only while a compaction is owed.
 */
export class CompactionSchedule {
  private lastWriteAt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly policy: CompactionPolicy,
    private readonly compact: () => void,
  ) {}

  /** After each write, with the log's length since the last compaction. */
  noteWrite(updatesSinceCompact: number): void {
    this.lastWriteAt = performance.now();
    if (updatesSinceCompact >= this.policy.afterUpdates * BUSY_CEILING) {
      this.dispose();
      setImmediate(this.compact);
    } else if (updatesSinceCompact >= this.policy.afterUpdates) {
      this.timer ??= this.arm(this.policy.quietMs);
    }
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(ms: number): ReturnType<typeof setTimeout> {
    // One timer per owed compaction, not one per write: re-armed for the rest when it finds writes.
    const timer = setTimeout(() => {
      this.timer = null;
      const quietFor = performance.now() - this.lastWriteAt;
      if (quietFor >= this.policy.quietMs) this.compact();
      else this.timer = this.arm(this.policy.quietMs - quietFor);
    }, ms);
    timer.unref();
    return timer;
  }
}

/**
 * Batches durability: many appends, one fsync. Appends are numbered; `onDurable(seq, cb)` calls
 * back once a sync that started after append `seq` has completed. While a sync runs, new appends
 * wait for the next one, so a busy server does at most one fsync in flight and the delay stays
 * bounded by one sync time plus `delayMs`.
 */
export class GroupCommit {
  private appendedSeq = 0;
  private durableSeq = 0;
  private isSyncing = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private waiters: { seq: number; callback: () => void }[] = [];

  constructor(
    private readonly deps: {
      sync: () => Promise<void>;
      delayMs: number;
      /** A failed fsync means durability is unknown: the caller decides (main crashes). */
      onError: (error: unknown) => void;
    },
  ) {}

  /** Records one append; returns its sequence number. */
  noteAppend(): number {
    this.appendedSeq += 1;
    this.schedule();
    return this.appendedSeq;
  }

  get pendingCount(): number {
    return this.appendedSeq - this.durableSeq;
  }

  onDurable(seq: number, callback: () => void): void {
    if (seq <= this.durableSeq) {
      callback();
      return;
    }
    this.waiters.push({ seq, callback });
  }

  /** Resolves when everything appended before the call is durable. */
  flush(): Promise<void> {
    const target = this.appendedSeq;
    if (target <= this.durableSeq) return Promise.resolve();
    return new Promise((resolve) => {
      this.onDurable(target, resolve);
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = null;
        void this.run();
      }
    });
  }

  private schedule(): void {
    if (this.timer || this.isSyncing) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.run();
    }, this.deps.delayMs);
  }

  private async run(): Promise<void> {
    if (this.isSyncing) return;
    this.isSyncing = true;
    const target = this.appendedSeq;
    try {
      await this.deps.sync();
    } catch (error) {
      this.isSyncing = false;
      this.deps.onError(error);
      return;
    }
    this.isSyncing = false;
    this.durableSeq = target;
    const ready = this.waiters.filter((waiter) => waiter.seq <= target);
    this.waiters = this.waiters.filter((waiter) => waiter.seq > target);
    for (const waiter of ready) waiter.callback();
    if (this.appendedSeq > this.durableSeq) this.schedule();
  }
}

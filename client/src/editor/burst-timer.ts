/**
 * Runs `action` once per burst of `note()` calls, `delayMs` after the first; `flush()` runs a
 * pending one now (the tab may be closing), `cancel()` drops it. The editor counts words this way:
 * counting is linear in the chapter, once per burst of typing is enough.
 */
export class BurstTimer {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly delayMs: number,
    private readonly action: () => void,
  ) {}

  note(): void {
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.action();
    }, this.delayMs);
  }

  /** Runs the pending action at once; nothing when none is pending. */
  flush(): void {
    if (this.timer === null) return;
    this.cancel();
    this.action();
  }

  cancel(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}

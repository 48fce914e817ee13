/** Timers, injected where tests need to step them. */
export interface Timers {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Timers with the clock they run on (performance.now in the page; faked in tests). */
export interface Clock extends Timers {
  now(): number;
}

export const browserClock: Clock = {
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => performance.now(),
};

/**
 * Calls `onDue` once `restart`'s delay has passed without another `restart`. Restarting only moves
 * the due time: the one timer under way, when it fires early, waits out the rest. What restarts on
 * every keystroke (the typing and idle countdowns, the save label's settling) then costs a clock
 * read, not a clearTimeout and a setTimeout each (issue 19's keystroke budget).
 */
export class Deadline {
  private dueAt: number | null = null;
  private handle: unknown = null;
  private firesAt = Infinity;

  constructor(
    private readonly clock: Clock,
    private readonly onDue: () => void,
  ) {}

  get isPending(): boolean {
    return this.dueAt !== null;
  }

  restart(delayMs: number): void {
    const dueAt = this.clock.now() + delayMs;
    this.dueAt = dueAt;
    // A timer that would fire too late for the new due time is replaced; one too early is kept.
    if (this.handle !== null && this.firesAt <= dueAt) return;
    this.clearTimer();
    this.arm(delayMs);
  }

  cancel(): void {
    this.dueAt = null;
    this.clearTimer();
  }

  private arm(delayMs: number): void {
    this.firesAt = this.clock.now() + delayMs;
    this.handle = this.clock.setTimeout(this.fire, delayMs);
  }

  private readonly fire = () => {
    this.handle = null;
    this.firesAt = Infinity;
    if (this.dueAt === null) return;
    const remaining = this.dueAt - this.clock.now();
    if (remaining > 0) return this.arm(remaining);
    this.dueAt = null;
    this.onDue();
  };

  private clearTimer(): void {
    if (this.handle !== null) this.clock.clearTimeout(this.handle);
    this.handle = null;
    this.firesAt = Infinity;
  }
}

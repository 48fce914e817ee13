import { PresenceActivity } from './presence';

export interface ActivityTimers {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface ActivityTrackerOptions {
  onChange: (activity: PresenceActivity) => void;
  timers: ActivityTimers;
  /** How long after the last keystroke an author still shows as typing. */
  typingMs?: number;
  /** How long without input before an author shows as idle. */
  idleMs?: number;
}

/**
 * Turns input events into the activity others see: `typing` right after an edit, `active` while
 * around, `idle` after a quiet spell or while the tab is hidden. Timers are injected for tests.
 */
export class ActivityTracker {
  private activity: PresenceActivity = PresenceActivity.active;
  private typingTimer: unknown = null;
  private idleTimer: unknown = null;
  private readonly typingMs: number;
  private readonly idleMs: number;

  constructor(private readonly options: ActivityTrackerOptions) {
    this.typingMs = options.typingMs ?? 2500;
    this.idleMs = options.idleMs ?? 60_000;
  }

  get current(): PresenceActivity {
    return this.activity;
  }

  /** Starts the idle countdown. */
  start(): void {
    this.armIdle();
  }

  stop(): void {
    this.clear('typingTimer');
    this.clear('idleTimer');
  }

  noteEdit(): void {
    this.set(PresenceActivity.typing);
    this.clear('typingTimer');
    this.typingTimer = this.options.timers.setTimeout(() => {
      this.typingTimer = null;
      this.set(PresenceActivity.active);
    }, this.typingMs);
    this.armIdle();
  }

  /** Pointer or key activity that is not an edit. */
  noteInput(): void {
    if (this.activity === PresenceActivity.idle) this.set(PresenceActivity.active);
    this.armIdle();
  }

  noteHidden(isHidden: boolean): void {
    if (isHidden) {
      this.clear('typingTimer');
      this.set(PresenceActivity.idle);
    } else {
      this.noteInput();
    }
  }

  private armIdle(): void {
    this.clear('idleTimer');
    this.idleTimer = this.options.timers.setTimeout(() => {
      this.idleTimer = null;
      if (this.typingTimer === null) this.set(PresenceActivity.idle);
    }, this.idleMs);
  }

  private clear(timer: 'typingTimer' | 'idleTimer'): void {
    if (this[timer] !== null) this.options.timers.clearTimeout(this[timer]);
    this[timer] = null;
  }

  private set(activity: PresenceActivity): void {
    if (activity === this.activity) return;
    this.activity = activity;
    this.options.onChange(activity);
  }
}

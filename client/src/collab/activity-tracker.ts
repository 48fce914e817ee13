import { Deadline, type Clock } from './deadline';
import { PresenceActivity } from './presence';

export interface ActivityTrackerOptions {
  onChange: (activity: PresenceActivity) => void;
  clock: Clock;
  /** How long after the last keystroke an author still shows as typing. */
  typingMs?: number;
  /** How long without input before an author shows as idle. */
  idleMs?: number;
}

/**
 * Turns input events into the activity others see: `typing` right after an edit, `active` while
 * around, `idle` after a quiet spell or while the tab is hidden. The clock is injected for tests.
 */
export class ActivityTracker {
  private activity: PresenceActivity = PresenceActivity.active;
  private readonly typing: Deadline;
  private readonly idle: Deadline;
  private readonly typingMs: number;
  private readonly idleMs: number;

  constructor(private readonly options: ActivityTrackerOptions) {
    this.typingMs = options.typingMs ?? 2500;
    this.idleMs = options.idleMs ?? 60_000;
    this.typing = new Deadline(options.clock, () => this.set(PresenceActivity.active));
    this.idle = new Deadline(options.clock, () => {
      if (!this.typing.isPending) this.set(PresenceActivity.idle);
    });
  }

  get current(): PresenceActivity {
    return this.activity;
  }

  /** Starts the idle countdown. */
  start(): void {
    this.idle.restart(this.idleMs);
  }

  stop(): void {
    this.typing.cancel();
    this.idle.cancel();
  }

  noteEdit(): void {
    this.set(PresenceActivity.typing);
    this.typing.restart(this.typingMs);
    this.idle.restart(this.idleMs);
  }

  /** Pointer or key activity that is not an edit. */
  noteInput(): void {
    if (this.activity === PresenceActivity.idle) this.set(PresenceActivity.active);
    this.idle.restart(this.idleMs);
  }

  noteHidden(isHidden: boolean): void {
    if (isHidden) {
      this.typing.cancel();
      this.set(PresenceActivity.idle);
    } else {
      this.noteInput();
    }
  }

  private set(activity: PresenceActivity): void {
    if (activity === this.activity) return;
    this.activity = activity;
    this.options.onChange(activity);
  }
}

import { browserClock, type Timers } from '../collab/deadline';

export interface WordCountRecorderOptions {
  write: (chapterId: string, wordCount: number) => void;
  delayMs: number;
  timers?: Timers;
}

/**
 * Collects live chapter word counts and writes them to the book's index at most once per delay,
 * so typing does not turn every keystroke into a change of the shared index.
 */
export class WordCountRecorder {
  private readonly pending = new Map<string, number>();
  private timer: unknown = null;
  private readonly timers: Timers;

  constructor(private readonly options: WordCountRecorderOptions) {
    this.timers = options.timers ?? browserClock;
  }

  record(chapterId: string, wordCount: number): void {
    this.pending.set(chapterId, wordCount);
    if (this.timer !== null) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.flush();
    }, this.options.delayMs);
  }

  flush(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    const entries = [...this.pending];
    this.pending.clear();
    for (const [chapterId, wordCount] of entries) this.options.write(chapterId, wordCount);
  }
}

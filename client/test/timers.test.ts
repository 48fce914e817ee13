import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ActivityTracker } from '../src/collab/activity-tracker';
import type { PresenceActivity } from '../src/collab/presence';
import { WordCountRecorder } from '../src/book/word-count-recorder';

const timers = {
  setTimeout: (callback: () => void, ms: number): unknown => setTimeout(callback, ms),
  clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('ActivityTracker', () => {
  it('shows typing after an edit, active after a pause, idle after a long quiet spell', () => {
    const seen: PresenceActivity[] = [];
    const tracker = new ActivityTracker({
      onChange: (a) => seen.push(a),
      clock: timers,
      typingMs: 1000,
      idleMs: 5000,
    });
    tracker.start();
    tracker.noteEdit();
    vi.advanceTimersByTime(999);
    expect(tracker.current).toBe('typing');
    vi.advanceTimersByTime(1);
    expect(tracker.current).toBe('active');
    vi.advanceTimersByTime(5000);
    expect(seen).toEqual(['typing', 'active', 'idle']);
    tracker.noteInput();
    expect(tracker.current).toBe('active');
    tracker.stop();
  });

  it('is idle while the tab is hidden', () => {
    const tracker = new ActivityTracker({ onChange: () => undefined, clock: timers });
    tracker.noteEdit();
    tracker.noteHidden(true);
    expect(tracker.current).toBe('idle');
    tracker.noteHidden(false);
    expect(tracker.current).toBe('active');
    tracker.stop();
  });
});

describe('WordCountRecorder', () => {
  it('writes the latest count per chapter at most once per delay', () => {
    const writes: Array<[string, number]> = [];
    const recorder = new WordCountRecorder({ write: (id, n) => writes.push([id, n]), delayMs: 1000, timers });
    recorder.record('c1', 1);
    recorder.record('c1', 2);
    recorder.record('c2', 7);
    expect(writes).toEqual([]);
    vi.advanceTimersByTime(1000);
    expect(writes).toEqual([
      ['c1', 2],
      ['c2', 7],
    ]);
    recorder.record('c1', 3);
    recorder.flush();
    expect(writes).toHaveLength(3);
  });
});

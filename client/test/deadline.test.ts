import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Deadline } from '../src/collab/deadline';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function counted() {
  const counts = { set: 0, cleared: 0 };
  const clock = {
    setTimeout: (callback: () => void, ms: number): unknown => {
      counts.set += 1;
      return setTimeout(callback, ms);
    },
    clearTimeout: (handle: unknown) => {
      counts.cleared += 1;
      clearTimeout(handle as ReturnType<typeof setTimeout>);
    },
    now: () => Date.now(),
  };
  return { clock, counts };
}

describe('Deadline', () => {
  it('fires once, the delay after the last restart, whatever the restarts, delays and cancels (seeded)', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('restart' as const), delay: fc.integer({ min: 0, max: 300 }) }),
      fc.constant({ kind: 'cancel' as const }),
      fc.record({ kind: fc.constant('wait' as const), ms: fc.integer({ min: 0, max: 400 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const { clock } = counted();
        const fired: number[] = [];
        const deadline = new Deadline(clock, () => fired.push(Date.now()));
        const expected: number[] = [];
        let dueAt: number | null = null;
        const waitUntil = (until: number) => {
          // The model fires at dueAt; the deadline must do the same while the clock moves.
          if (dueAt !== null && dueAt <= until) {
            expected.push(dueAt);
            dueAt = null;
          }
          vi.advanceTimersByTime(until - Date.now());
        };
        for (const s of steps) {
          if (s.kind === 'restart') {
            deadline.restart(s.delay);
            dueAt = Date.now() + s.delay;
          } else if (s.kind === 'cancel') {
            deadline.cancel();
            dueAt = null;
          } else waitUntil(Date.now() + s.ms);
          expect(deadline.isPending).toBe(dueAt !== null);
        }
        waitUntil(Date.now() + 1000);
        expect(fired).toEqual(expected);
      }),
      { numRuns: 300, seed: 20_261_207 },
    );
  });

  it('restarting with the same delay sets no new timer until the one under way fires', () => {
    const { clock, counts } = counted();
    let fired = 0;
    const deadline = new Deadline(clock, () => (fired += 1));
    for (let key = 0; key < 100; key++) {
      deadline.restart(2500);
      vi.advanceTimersByTime(60);
    }
    // 100 keystrokes 60 ms apart: one timer, re-armed twice when it fired early, and none cleared.
    expect(counts).toEqual({ set: 3, cleared: 0 });
    vi.advanceTimersByTime(2500);
    expect(fired).toBe(1);
  });
});

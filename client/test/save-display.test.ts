import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SaveDisplay, type ShownSave } from '../src/collab/save-display';
import type { SaveStage, SaveSummary } from '../src/collab/save-tracker';

const clock = {
  setTimeout: (callback: () => void, ms: number): unknown => setTimeout(callback, ms),
  clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
};

function summary(stage: SaveStage, unsavedChanges = stage === 'saved' ? 0 : 1): SaveSummary {
  return { stage, unsavedChanges, unsavedOnDevice: 0 };
}

function display(initial: SaveStage = 'saved') {
  const seen: ShownSave[] = [];
  const save = new SaveDisplay({
    initial: summary(initial),
    onChange: (s) => seen.push(s),
    clock,
    settleMs: 400,
  });
  return { save, stages: () => seen.map((shown) => shown.stage) };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('SaveDisplay', () => {
  it('shows Saving… at once and Saved only once the durable ack has held for the settle time', () => {
    const { save, stages } = display();
    for (let key = 1; key <= 20; key += 1) {
      for (const stage of ['memory', 'device', 'sent', 'saved'] as const)
        save.observe(summary(stage, stage === 'saved' ? 0 : key));
      vi.advanceTimersByTime(60);
    }
    expect(stages()).toEqual(['saving']);
    vi.advanceTimersByTime(339);
    expect(save.shown.stage).toBe('saving');
    vi.advanceTimersByTime(1);
    expect(stages()).toEqual(['saving', 'saved']);
  });

  it('never keeps Saved up over a change that is not durable', () => {
    const { save } = display();
    save.observe(summary('sent'));
    expect(save.shown.stage).toBe('saving');
  });

  it('shows a stage that holds, with its count, and drops to Saving… when newer changes are behind it', () => {
    const { save, stages } = display();
    save.observe(summary('device', 1));
    save.observe(summary('sent', 1));
    vi.advanceTimersByTime(400);
    expect(save.shown).toEqual({ stage: 'sent', unsavedChanges: 1 });
    save.observe(summary('memory', 2));
    expect(save.shown.stage).toBe('saving');
    save.observe(summary('sent', 2));
    vi.advanceTimersByTime(400);
    expect(save.shown).toEqual({ stage: 'sent', unsavedChanges: 2 });
    expect(stages()).toEqual(['saving', 'sent', 'saving', 'sent']);
  });

  it('stops its timer when disposed', () => {
    const { save, stages } = display();
    save.observe(summary('sent'));
    save.dispose();
    vi.advanceTimersByTime(1000);
    expect(stages()).toEqual(['saving']);
  });
});

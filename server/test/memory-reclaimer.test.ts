import { describe, expect, it } from 'vitest';
import { createMemoryReclaimer } from '../src/memory-reclaimer';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('memory reclaimer', () => {
  it('collects twice after the last room unloads, then trims the C heap, once per wave of unloads', async () => {
    const calls: string[] = [];
    const unloaded = createMemoryReclaimer({
      delayMs: 20,
      isQuiet: () => true,
      collect: () => calls.push('collect'),
      trimNativeHeap: () => calls.push('trim'),
    });
    unloaded();
    unloaded();
    await sleep(100);
    expect(calls).toEqual(['collect', 'collect', 'trim']);
    unloaded();
    await sleep(100);
    expect(calls).toHaveLength(6);
  });

  it('never forces a collection while a room is loaded: that would stall its peers', async () => {
    let rooms = 1;
    let collections = 0;
    const unloaded = createMemoryReclaimer({
      delayMs: 20,
      isQuiet: () => rooms === 0,
      collect: () => collections++,
      trimNativeHeap: () => {},
    });
    unloaded();
    await sleep(80);
    expect(collections).toBe(0);
    // Quiet when the timer starts, busy again before it fires: no collection either.
    rooms = 0;
    unloaded();
    rooms = 1;
    await sleep(80);
    expect(collections).toBe(0);
    rooms = 0;
    unloaded();
    await sleep(100);
    expect(collections).toBe(2);
  });

  it('waits for what the unloads left running (versions being stored) before collecting', async () => {
    const calls: string[] = [];
    let settled = (): void => {};
    const unloaded = createMemoryReclaimer({
      delayMs: 10,
      isQuiet: () => true,
      collect: () => calls.push('collect'),
      trimNativeHeap: () => calls.push('trim'),
      settle: () => new Promise<void>((resolve) => (settled = resolve)),
    });
    unloaded();
    await sleep(80);
    expect(calls).toEqual([]);
    settled();
    await sleep(80);
    expect(calls).toEqual(['collect', 'collect', 'trim']);
  });
});

import { createHook } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { decodeVersionState, encodeVersionState } from '../../src/history/version-codec';

/**
 * The most encodes that had started a brotli encoder (a zlib handle) and not yet returned, seen
 * at each encoder's creation. A limit of n shows as n + 1 at most: the next encoder starts as soon
 * as one finishes, a few ticks before that encode's caller resumes.
 */
async function maxEncodersStarted(states: readonly Uint8Array[]): Promise<number> {
  let started = 0;
  let returned = 0;
  let max = 0;
  const hook = createHook({
    init(_asyncId, type) {
      if (type !== 'ZLIB') return;
      started += 1;
      max = Math.max(max, started - returned);
    },
  }).enable();
  try {
    await Promise.all(states.map((state) => encodeVersionState(state).then(() => (returned += 1))));
  } finally {
    hook.disable();
  }
  return max;
}

describe('version state codec', () => {
  it('round-trips a state', async () => {
    const state = Uint8Array.from({ length: 5000 }, (_, i) => (i * 31) % 256);
    expect(await decodeVersionState(await encodeVersionState(state))).toEqual(state);
  });

  it('keeps at most two brotli encoders alive when many versions are written at once', async () => {
    const states = Array.from({ length: 12 }, (_, n) =>
      Uint8Array.from({ length: 12_000 }, (_, i) => (i * n) % 251),
    );
    const max = await maxEncodersStarted(states);
    expect(max).toBeGreaterThan(0);
    expect(max).toBeLessThanOrEqual(3);
  });
});

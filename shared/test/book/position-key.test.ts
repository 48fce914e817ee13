import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPositionKey, keyBetween, keysBetween, legacyKey } from '../../src';

describe('position keys', () => {
  it('makes a key strictly between any two ordered keys, and at either open end', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 60 }), (picks) => {
        // Build a list by repeated inserts at random places, as authors moving chapters do.
        const keys: string[] = [];
        for (const pick of picks) {
          const at = pick % (keys.length + 1);
          const key = keyBetween(keys[at - 1] ?? null, keys[at] ?? null);
          expect(isPositionKey(key)).toBe(true);
          if (at > 0) expect(key > keys[at - 1]!).toBe(true);
          if (at < keys.length) expect(key < keys[at]!).toBe(true);
          keys.splice(at, 0, key);
        }
      }),
      { numRuns: 300, seed: 21 },
    );
  });

  it('spreads many keys in increasing order', () => {
    const keys = keysBetween(null, null, 1000);
    expect(keys).toHaveLength(1000);
    for (let i = 1; i < keys.length; i += 1) expect(keys[i - 1]! < keys[i]!).toBe(true);
    expect(Math.max(...keys.map((key) => key.length))).toBeLessThanOrEqual(4);
  });

  it('refuses neighbours out of order or malformed, naming them', () => {
    expect(() => keyBetween('b', 'a')).toThrow(/"b" >= "a"/);
    expect(() => keyBetween('a0', null)).toThrow(/not a position key: "a0"/);
  });

  it('gives legacy indexes keys in index order, with room after them', () => {
    const keys = Array.from({ length: 50 }, (_, i) => legacyKey(i * 997));
    expect([...keys].sort()).toEqual(keys);
    expect(keyBetween(keys.at(-1)!, null) > keys.at(-1)!).toBe(true);
  });
});

import v8 from 'node:v8';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { createNativeHeapTrimmer } from '../src/native-heap';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const rssMiB = () => process.memoryUsage().rss / 1048576;

/** Allocates `count` 4 KiB stores and keeps only the last one alive. */
function lastOfManyStores(count: number): Buffer {
  const stores = Array.from({ length: count }, () => Buffer.allocUnsafeSlow(4096).fill(1));
  return stores.at(-1)!;
}

describe('native heap trimmer', () => {
  it("gives back the C heap's free pages that one live allocation above them pins", () => {
    // 4 KiB array buffer stores come from malloc (below its mmap threshold): 100 MiB of them, then
    // all but the last freed. free() alone keeps the pages: the live store sits above them.
    const pinned = lastOfManyStores(25_600);
    gc();
    gc();
    const beforeTrim = rssMiB();
    createNativeHeapTrimmer()();
    const afterTrim = rssMiB();
    expect(pinned.length).toBe(4096);
    expect(beforeTrim - afterTrim).toBeGreaterThan(50);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { storageUnsavedStore } from '../src/collab/browser-adapters';
import { UNSAVED_WRITE_DELAY_MS, UnsavedCountWriter } from '../src/collab/unsaved-count-writer';
import { memoryStorage } from './support/memory-storage';

let storage: ReturnType<typeof memoryStorage> & { removeItem(key: string): void };
let writes: string[];

beforeEach(() => {
  vi.useFakeTimers();
  storage = memoryStorage() as typeof storage;
  writes = [];
  const setItem = storage.setItem.bind(storage);
  storage.setItem = (key: string, value: string) => {
    writes.push(value);
    setItem(key, value);
  };
});

afterEach(() => vi.useRealTimers());

const stored = () => storageUnsavedStore(storage).read('book/ch');

describe('UnsavedCountWriter', () => {
  it('writes "unsaved" at once, and an author typing online about once a second, not per key', () => {
    const writer = new UnsavedCountWriter(storageUnsavedStore(storage), 'book/ch');
    for (let key = 0; key < 50; key++) {
      writer.record(1); // on the device
      expect(stored()).toBe(1);
      writer.record(0); // acknowledged
      vi.advanceTimersByTime(40);
    }
    expect(writes.length).toBeLessThanOrEqual(3);
    vi.advanceTimersByTime(UNSAVED_WRITE_DELAY_MS);
    expect(stored()).toBe(0);
  });

  it('writes the latest count when the page goes away', () => {
    const writer = new UnsavedCountWriter(storageUnsavedStore(storage), 'book/ch');
    writer.record(1);
    writer.record(7);
    expect(stored()).toBe(1);
    writer.flush();
    expect(stored()).toBe(7);
  });

  it('starts from what a previous tab left', () => {
    storageUnsavedStore(storage).write('book/ch', 4);
    const writer = new UnsavedCountWriter(storageUnsavedStore(storage), 'book/ch');
    writes.length = 0;
    writer.record(4);
    writer.flush();
    expect(writes).toEqual([]);
    writer.record(0);
    writer.flush();
    expect(stored()).toBe(0);
  });
});

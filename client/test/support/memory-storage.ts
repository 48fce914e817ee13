import type { KeyValueStorage } from '../../src/account/account-cache';

/** localStorage's interface over a Map: what the client keeps on the device, in a test. */
export function memoryStorage(): KeyValueStorage {
  const map = new Map<string, string>();
  return {
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
  };
}

import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * Gives memory back after rooms unload. V8 collects only when JavaScript allocates, so a server
 * whose authors all left keeps the garbage of their sessions, and its heap size, indefinitely.
 * A full collection shortly after a wave of unloads frees the objects, but external memory and
 * heap pages come back only with a second one (measured with test/measure/memory-release.ts:
 * 2,000 connections gone, external 25 → 3 MiB and heap 81 → 63 MiB on the second collection,
 * which V8's own memory reducer otherwise did some 20 s later).
 */
export function createMemoryReclaimer(options: { delayMs: number }): () => void {
  // The documented way to reach gc() without requiring --expose-gc on every command line.
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const collect = (remaining: number): void => {
    gc();
    if (remaining > 1) setTimeout(() => collect(remaining - 1), options.delayMs).unref();
    else timer = null;
  };
  return () => {
    if (timer) return;
    timer = setTimeout(() => collect(2), options.delayMs);
    timer.unref();
  };
}

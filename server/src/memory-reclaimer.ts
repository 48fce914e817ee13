import v8 from 'node:v8';
import vm from 'node:vm';

/**
 * Gives memory back after rooms unload. V8 collects only when JavaScript allocates, so a server
 * whose authors all left keeps the garbage of their sessions, and its heap size, indefinitely.
 * One full collection shortly after a wave of unloads lets V8 shrink the heap and RSS fall back.
 */
export function createMemoryReclaimer(options: { delayMs: number }): () => void {
  // The documented way to reach gc() without requiring --expose-gc on every command line.
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  let timer: ReturnType<typeof setTimeout> | null = null;
  return () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      gc();
    }, options.delayMs);
    timer.unref();
  };
}

import v8 from 'node:v8';
import vm from 'node:vm';
import { createNativeHeapTrimmer } from './native-heap';

export interface MemoryReclaimerOptions {
  delayMs: number;
  /**
   * Whether the server has gone quiet (no room loaded). A forced full collection stops the event
   * loop for tens of milliseconds on a large heap: while anyone is connected, V8's own schedule
   * (incremental, concurrent) is the better one, and allocation keeps it running.
   */
  isQuiet: () => boolean;
  /** The collector: a forced full collection unless a test counts calls. */
  collect?: () => void;
  /** Gives freed native memory back after the last collection: glibc's malloc_trim by default. */
  trimNativeHeap?: () => void;
}

/**
 * Gives memory back once the last room has unloaded. V8 collects only when JavaScript allocates,
 * so a server whose authors all left keeps the garbage of their sessions, and its heap size,
 * indefinitely. A full collection shortly after the last unload frees the objects, but external
 * memory and heap pages come back only with a second one (measured with
 * test/measure/memory-release.ts: 2,000 connections gone, external 25 → 3 MiB and heap 81 → 63 MiB
 * on the second collection, which V8's own memory reducer otherwise did some 20 s later). What
 * those connections had allocated in the C heap comes back only with a trim after them.
 * Returns the callback for the registry's `onRoomUnloaded`.
 */
export function createMemoryReclaimer(options: MemoryReclaimerOptions): () => void {
  const collect = options.collect ?? exposedGc();
  const trimNativeHeap = options.trimNativeHeap ?? createNativeHeapTrimmer();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const collectWhileQuiet = (remaining: number): void => {
    timer = null;
    if (!options.isQuiet()) return;
    collect();
    if (remaining > 1) schedule(remaining - 1);
    else trimNativeHeap();
  };
  const schedule = (collections: number): void => {
    timer = setTimeout(() => collectWhileQuiet(collections), options.delayMs);
    timer.unref();
  };
  return () => {
    if (!timer && options.isQuiet()) schedule(2);
  };
}

function exposedGc(): () => void {
  // The documented way to reach gc() without requiring --expose-gc on every command line.
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

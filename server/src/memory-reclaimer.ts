import v8 from 'node:v8';
import { setTimeout as sleep } from 'node:timers/promises';
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
  /**
   * Resolves once the work unloading left running is done (versions still being compressed and
   * stored hold their documents' bytes): collecting before would only move that to V8's own
   * schedule, some 20 s later.
   */
  settle?: () => Promise<unknown>;
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
  const settle = options.settle ?? (() => Promise.resolve());
  // Timers unref'd: a pending reclaim never keeps the process alive.
  const pause = () => sleep(options.delayMs, undefined, { ref: false });
  const reclaim = async (): Promise<void> => {
    await pause();
    if (!options.isQuiet()) return;
    // A failed history write is logged and retried by the history itself; reclaim regardless.
    await settle().catch(() => {});
    for (let collections = 0; collections < 2; collections++) {
      if (collections > 0) await pause();
      if (!options.isQuiet()) return;
      collect();
    }
    trimNativeHeap();
  };
  let isReclaiming = false;
  return () => {
    if (isReclaiming || !options.isQuiet()) return;
    isReclaiming = true;
    void reclaim().finally(() => (isReclaiming = false));
  };
}

/** What the reclaimer reads of a running server. */
export interface ReclaimableServer {
  registry: { readonly roomCount: number };
  history: { flush(): Promise<void> };
}

/**
 * The reclaimer as a server runs it: quiet once no room is loaded, after the versions the unloads
 * left running are stored. `server` is read only when rooms unload, so it may return a server
 * that is still being started when this is called.
 */
export function createServerMemoryReclaimer(
  server: () => ReclaimableServer,
  options: Pick<MemoryReclaimerOptions, 'trimNativeHeap'> = {},
): () => void {
  return createMemoryReclaimer({
    delayMs: 1000,
    isQuiet: () => server().registry.roomCount === 0,
    settle: () => server().history.flush(),
    ...options,
  });
}

function exposedGc(): () => void {
  // The documented way to reach gc() without requiring --expose-gc on every command line.
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

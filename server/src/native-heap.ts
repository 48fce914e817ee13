import koffi from 'koffi';

/**
 * Returns the C heap's free pages to the system. glibc's `free` only gives back the top of its
 * heap, so after thousands of connections (socket buffers, array buffer stores) have come and gone
 * their freed pages stay resident for as long as one live allocation sits above them:
 * `malloc_trim(0)` releases every whole free page (test/measure/memory-release.ts, SQLite, 2,000
 * connections gone, RSS 15 s later: 181-184 MiB untrimmed, 152 trimmed, 144-150 idle; the C heap
 * 36 → 3-12 MiB). It walks every arena under its locks, so call it only when the server is quiet.
 * Off glibc (musl, macOS) this is a no-op: those allocators give memory back by themselves.
 */
export function createNativeHeapTrimmer(): () => void {
  const trim = loadMallocTrim();
  return () => void trim?.(0);
}

function loadMallocTrim(): ((pad: number) => number) | null {
  if (process.platform !== 'linux') return null;
  try {
    // Only glibc has libc.so.6 with malloc_trim; on musl the load fails.
    return koffi.load('libc.so.6').func('int malloc_trim(size_t pad)') as (pad: number) => number;
  } catch {
    return null;
  }
}

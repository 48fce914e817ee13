import fs from 'node:fs';

/**
 * This process's resident memory by kind of mapping (MiB), from /proc/self/smaps: V8's heap pages
 * (256 KiB each), glibc's main heap, other anonymous mappings (large allocations, thread arenas,
 * V8's large objects), files (the node binary and libraries). Tells V8 garbage from C-heap
 * retention when RSS stays high.
 */
export function rssBreakdown(): string {
  const byKind = new Map<string, number>();
  let kind = '';
  for (const line of fs.readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const mapping = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (mapping) {
      const sizeKiB = (parseInt(mapping[2]!, 16) - parseInt(mapping[1]!, 16)) / 1024;
      const path = mapping[3] ?? '';
      if (path === '[heap]') kind = 'c-heap';
      else if (path.startsWith('[')) kind = 'other';
      else if (path !== '') kind = 'files';
      else kind = sizeKiB === 256 ? 'v8-pages' : 'anon';
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) byKind.set(kind, (byKind.get(kind) ?? 0) + Number(rss[1]));
  }
  return [...byKind]
    .sort((a, b) => b[1] - a[1])
    .map(([name, kib]) => `${name} ${(kib / 1024).toFixed(0)}`)
    .join(' ');
}

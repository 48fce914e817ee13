import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Linear-interpolated percentile of unsorted samples (`p` in 0..100); null when there are none. */
export function percentile(samples: readonly number[], p: number): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  return percentileOfSorted(sorted, p);
}

function percentileOfSorted(sorted: readonly number[], p: number): number {
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = sorted[low] ?? Number.NaN;
  const highValue = sorted[high] ?? Number.NaN;
  return lowValue + (highValue - lowValue) * (rank - low);
}

export interface LatencySummary {
  count: number;
  p50Ms: number | null;
  p95Ms: number | null;
  p99Ms: number | null;
  maxMs: number | null;
}

export function summarizeLatencies(samplesMs: readonly number[]): LatencySummary {
  if (samplesMs.length === 0) return { count: 0, p50Ms: null, p95Ms: null, p99Ms: null, maxMs: null };
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50Ms: percentileOfSorted(sorted, 50),
    p95Ms: percentileOfSorted(sorted, 95),
    p99Ms: percentileOfSorted(sorted, 99),
    maxMs: sorted[sorted.length - 1] ?? null,
  };
}

/** Median, minimum and maximum of the non-null values; null when every value is null. */
export function spread(
  values: readonly (number | null)[],
): { median: number; min: number; max: number } | null {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (present.length === 0) return null;
  const sorted = [...present].sort((a, b) => a - b);
  return {
    median: percentileOfSorted(sorted, 50),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

let clockTicksPerSecond: number | null = null;

function ticksPerSecond(): number {
  clockTicksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  return clockTicksPerSecond;
}

/**
 * CPU time (user + system, all threads) a process has used, in µs, from /proc/<pid>/stat.
 * Resolution is one clock tick (10 ms at CLK_TCK=100): measure windows of seconds, not millis.
 */
export function readProcessCpuUs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) is in parentheses and may hold spaces: split after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After the name: field 3 is index 0, so utime (14) is index 11 and stime (15) index 12.
  const ticks = Number(fields[11]) + Number(fields[12]);
  if (!Number.isFinite(ticks)) throw new Error(`cannot parse /proc/${pid}/stat: ${stat.slice(0, 120)}`);
  return (ticks / ticksPerSecond()) * 1e6;
}

/** Like `readProcessCpuUs`, but null once the process is gone. */
export function readProcessCpuUsIfAlive(pid: number): number | null {
  try {
    return readProcessCpuUs(pid);
  } catch (error) {
    if (
      (error as NodeJS.ErrnoException).code === 'ENOENT' ||
      (error as NodeJS.ErrnoException).code === 'ESRCH'
    )
      return null;
    throw error;
  }
}

/** Resident set size of a process in KiB (VmRSS in /proc/<pid>/status). */
export function readRssKiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!match?.[1]) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]);
}

/** Measures CPU of a child process and of this load generator over one window. */
export interface CpuWindow {
  /** Server CPU used since the window opened, in µs. */
  serverUs(): number;
  /** This process's CPU since the window opened, in µs. */
  generatorUs(): number;
  /** Wall time since the window opened, in ms. */
  elapsedMs(): number;
}

export function openCpuWindow(serverPid: number): CpuWindow {
  const serverStartUs = readProcessCpuUs(serverPid);
  const generatorStart = process.cpuUsage();
  const startMs = performance.now();
  return {
    serverUs: () => readProcessCpuUs(serverPid) - serverStartUs,
    generatorUs: () => {
      const used = process.cpuUsage(generatorStart);
      return used.user + used.system;
    },
    elapsedMs: () => performance.now() - startMs,
  };
}

/** Share of one core a window's generator CPU amounts to (1 = a full core). */
export function generatorCoreShare(window: CpuWindow): number {
  return window.generatorUs() / 1000 / Math.max(1, window.elapsedMs());
}

/** Time one CPU (e.g. `'0'`) spent busy since boot, in µs, from /proc/stat (all processes). */
export function readCoreBusyUs(cpu: string): number {
  const line = readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .find((row) => row.startsWith(`cpu${cpu} `));
  if (!line) throw new Error(`no cpu${cpu} line in /proc/stat`);
  // user nice system idle iowait irq softirq steal (guest time is already counted in user).
  const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = ticks.reduce((sum, t) => sum + t, 0);
  const idle = (ticks[3] ?? 0) + (ticks[4] ?? 0); // busy: everything but idle and iowait
  return ((total - idle) / ticksPerSecond()) * 1e6;
}

/** Least-squares slope of y over x; NaN with fewer than two distinct x. */
export function slope(points: readonly (readonly [number, number])[]): number {
  const n = points.length;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / n;
  let covariance = 0;
  let variance = 0;
  for (const [x, y] of points) {
    covariance += (x - meanX) * (y - meanY);
    variance += (x - meanX) ** 2;
  }
  return variance === 0 ? Number.NaN : covariance / variance;
}

/**
 * A counter from the server's Prometheus `/metrics` (wethink's), or null when the server has no
 * such endpoint or counter (the peers).
 */
export async function readServerCounter(port: number, name: string): Promise<number | null> {
  try {
    const response = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(2000) });
    if (!response.ok) return null;
    const line = (await response.text()).split('\n').find((row) => row.startsWith(`${name} `));
    return line ? Number(line.slice(name.length + 1)) : null;
  } catch {
    return null;
  }
}

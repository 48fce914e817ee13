import { percentile } from './percentiles';
import type { EditorPage, TypingRunResult } from './typing-run';

const EVENT_TIMING_FLOOR_MS = 16;

function ms(value: number): string {
  return Number.isNaN(value) ? '–' : value.toFixed(1);
}

/** Event Timing reports keydowns of 16 ms and more: a shorter one shows as "<16". */
function eventTiming(values: ReadonlyArray<number | null>, p: number): string {
  const value = percentile(
    values.map((v) => v ?? 0),
    p,
  );
  return value < EVENT_TIMING_FLOOR_MS ? `<${EVENT_TIMING_FLOOR_MS}` : String(Math.round(value));
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);
}

const framesOf = (results: readonly TypingRunResult[], typists: number, page: EditorPage): number[] =>
  results
    .filter((r) => r.typists === typists && r.page === page)
    .flatMap((r) => r.samples.map((s) => s.nextFrameMs));

/** wethink's keydown-to-next-frame p95 ÷ the bare page's, all rounds pooled, per number of typists. */
export function browserRatios(results: readonly TypingRunResult[]): { typists: number; p95Ratio: number }[] {
  return [...new Set(results.map((r) => r.typists))].map((typists) => ({
    typists,
    p95Ratio:
      percentile(framesOf(results, typists, 'wethink'), 95) /
      percentile(framesOf(results, typists, 'bare'), 95),
  }));
}

/** One row per page and number of typists, all rounds pooled; then wethink's ratio to the bare page. */
export function renderBrowserReport(results: readonly TypingRunResult[]): string {
  const lines = [
    '| typists | page | keystrokes | next frame p50 / p95 (ms) | Event Timing p50 / p95 (ms) | CPU per keystroke (ms) | layouts per keystroke |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  ];
  const typistCounts = [...new Set(results.map((r) => r.typists))];
  for (const typists of typistCounts) {
    for (const page of ['wethink', 'bare'] as const) {
      const runs = results.filter((r) => r.typists === typists && r.page === page);
      const samples = runs.flatMap((r) => r.samples);
      const frames = samples.map((s) => s.nextFrameMs);
      const timings = samples.map((s) => s.eventTimingMs);
      lines.push(
        `| ${typists} | ${page} | ${samples.length} | ${ms(percentile(frames, 50))} / ${ms(percentile(frames, 95))} | ` +
          `${eventTiming(timings, 50)} / ${eventTiming(timings, 95)} | ${ms(mean(runs.map((r) => r.cpuPerKeystrokeMs)))} | ` +
          `${mean(runs.map((r) => r.layoutsPerKeystroke)).toFixed(2)} |`,
      );
    }
  }
  const ratios = browserRatios(results).map(
    ({ typists, p95Ratio }) => `${typists} typists: wethink p95 / bare p95 = ${p95Ratio.toFixed(2)}`,
  );
  return [...lines, '', ...ratios].join('\n');
}

import type { IndexingRun } from './indexing/typist-indexing';
import type { BrowserBenchResult } from './browser/browser-bench';
import type { ExportBenchResult } from './export/export-bench';
import type { ReaderStep } from './readers/public-readers';
import type { ClusterFigures } from './cluster/cluster-bench';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatNumber } from './format';
import type { NotRun, RunRecord } from './run-plan';
import type { ServerUnderTest } from './servers/server-under-test';
import type { Cell, MetricSummary, ScenarioSummary } from './summary';
import type { TargetResult } from './targets';

export interface BenchMeta {
  startedAt: string;
  durationMs: number;
  isQuick: boolean;
  rounds: number;
  node: string;
  cpuModel: string;
  isPinned: boolean;
  gitCommit: string | null;
  servers: string[];
  /** Selected servers left out because their setup failed. */
  notRun: NotRun[];
  scenarios: string[];
}

export interface BenchResults {
  meta: BenchMeta;
  floor: Record<string, number> | null;
  summary: ScenarioSummary[];
  targets: TargetResult[];
  runs: RunRecord[];
  /** The cluster runs (three instances), when they ran. */
  cluster?: ClusterFigures;
  /** The public-readers steps, when they ran. */
  readers?: ReaderStep[];
  /** Search indexing's share of a typist's server CPU, when it ran. */
  indexing?: IndexingRun[];
  /** The export and import figures (issue 20), when they ran. */
  exports?: ExportBenchResult;
  /** Typing in Chromium against the bare editor (issue 19), when it ran. */
  browser?: BrowserBenchResult;
}

function formatCell(cell: Cell | undefined, digits: number): string {
  if (!cell) return '—';
  const median = formatNumber(cell.median, digits);
  if (cell.rounds < 2 || cell.min === cell.max) return median;
  return `${median} (${formatNumber(cell.min, digits)}..${formatNumber(cell.max, digits)})`;
}

function metricRow(
  metric: MetricSummary,
  servers: readonly ServerUnderTest[],
  wethinks: readonly ServerUnderTest[],
): string {
  const { spec } = metric;
  const cells = servers.map((server) => formatCell(metric.cells[server.name], spec.digits));
  const ratios = wethinks.map((server) => {
    const ratio = metric.ratios[server.name];
    return ratio ? `${formatNumber(ratio.ratio, 2)}× ${ratio.peer}` : '';
  });
  return `| ${spec.label} | ${spec.unit} | ${[...cells, ...ratios].join(' | ')} |`;
}

function scenarioSection(summary: ScenarioSummary, servers: readonly ServerUnderTest[]): string[] {
  const wethinks = servers.filter((server) => server.family === 'wethink');
  const header = [
    'figure',
    'unit',
    ...servers.map((s) => s.name),
    ...wethinks.map((s) => `${s.name} ÷ best peer`),
  ];
  const lines = [
    `### ${summary.title}`,
    '',
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (i < 2 ? '---' : '---:')).join(' | ')} |`,
    ...summary.metrics.map((metric) => metricRow(metric, servers, wethinks)),
    '',
  ];
  for (const failure of summary.failures)
    lines.push(`- FAIL ${failure.server} (round ${failure.round}): ${failure.message}`);
  for (const note of summary.notes)
    lines.push(`- note ${note.server} (round ${note.round}): ${note.message}`);
  if (summary.failures.length + summary.notes.length > 0) lines.push('');
  return lines;
}

function targetSection(targets: readonly TargetResult[]): string[] {
  if (targets.length === 0) return [];
  return [
    '### Issue targets',
    '',
    '| target | server | measured | met? |',
    '| --- | --- | --- | --- |',
    ...targets.map(
      (t) =>
        `| ${t.target} | ${t.server} | ${t.measured} | ${t.isMet === null ? 'n/a' : t.isMet ? 'yes' : 'NO'} |`,
    ),
    '',
  ];
}

function floorSection(floor: Record<string, number> | null): string[] {
  if (!floor) return [];
  return [
    '### Floor: Yjs alone, in one process (automerge-paper chapter)',
    '',
    '| figure | value |',
    '| --- | ---: |',
    ...Object.entries(floor).map(
      ([key, value]) => `| ${key} | ${formatNumber(value, key.endsWith('Ms') ? 2 : 0)} |`,
    ),
    '',
  ];
}

const familyOrder = ['wethink', 'reference', 'hocuspocus'];

/** Table columns: wethink first, then each peer, memory before persistent (runs are interleaved). */
function columnOrder(servers: readonly ServerUnderTest[]): ServerUnderTest[] {
  const rank = (server: ServerUnderTest) =>
    familyOrder.indexOf(server.family) * 2 + (server.storage === 'memory' ? 0 : 1);
  return [...servers].sort((a, b) => rank(a) - rank(b));
}

/** The human-readable report: one table per scenario, then the targets. */
export function renderMarkdown(results: BenchResults, runOrder: readonly ServerUnderTest[]): string {
  const { meta } = results;
  const servers = columnOrder(runOrder);
  const lines = [
    `## wethink benchmark ${meta.startedAt}${meta.isQuick ? ' (quick)' : ''}`,
    '',
    `${meta.rounds} round(s), servers interleaved; ${meta.isPinned ? 'server on CPU 0, load generator on CPU 1' : 'NOT pinned to CPUs'}; ` +
      `node ${meta.node}; ${meta.cpuModel}; commit ${meta.gitCommit ?? 'unknown'}; took ${formatNumber(meta.durationMs / 60_000, 1)} min.`,
    'Cells: median (min..max over rounds). Ratios: wethink median ÷ best peer median of the same storage class (memory vs memory, persistent vs persistent).',
    '',
    ...meta.notRun.map((entry) => `- not run: ${entry.server}: ${entry.reason}`),
    ...(meta.notRun.length > 0 ? [''] : []),
    ...results.summary.flatMap((summary) => [
      ...scenarioSection(summary, servers),
      ...(summary.id === 'cold-load' ? floorSection(results.floor) : []),
    ]),
    ...targetSection(results.targets),
  ];
  return lines.join('\n');
}

export async function writeResults(dir: string, results: BenchResults, markdown: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const jsonPath = path.join(dir, 'latest.json');
  const markdownPath = path.join(dir, 'latest.md');
  await writeFile(jsonPath, JSON.stringify(results, null, 2) + '\n');
  await writeFile(markdownPath, markdown + '\n');
  return [jsonPath, markdownPath];
}

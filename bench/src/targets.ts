import { formatNumber } from './format';
import type { ServerUnderTest } from './servers/server-under-test';
import { bestPeer, type ScenarioSummary } from './summary';

/** The performance targets for wethink, each checked against the summarized figures. */
type TargetRule =
  | { kind: 'vs-peer'; text: string; scenario: string; key: string; factor: number; peerFamily?: string }
  | {
      kind: 'bound';
      text: string;
      scenario: string;
      key: string;
      max?: number;
      min?: number;
      persistentOnly?: boolean;
    };

export interface TargetResult {
  target: string;
  server: string;
  measured: string;
  /** null when the figure was not measured (quick run, failed run, or server not selected). */
  isMet: boolean | null;
}

const rules: readonly TargetRule[] = [
  {
    kind: 'vs-peer',
    text: 'fan-out N=200 server CPU per delivered update ≤ 0.5× best peer',
    scenario: 'fanout',
    key: 'n200.cpuUsPerDelivery',
    factor: 0.5,
  },
  {
    kind: 'bound',
    text: 'fan-out N=200 messages per delivered edit ≤ 1.2',
    scenario: 'fanout',
    key: 'n200.messagesPerDelivery',
    max: 1.2,
  },
  ...[2, 10, 50].map((n): TargetRule => ({
    kind: 'vs-peer',
    text: `fan-out N=${n} p50 no worse than reference`,
    scenario: 'fanout',
    key: `n${n}.p50Ms`,
    factor: 1,
    peerFamily: 'reference',
  })),
  ...[50, 200].map((n): TargetRule => ({
    kind: 'vs-peer',
    text: `fan-out N=${n} p99 ≤ 0.5× best peer`,
    scenario: 'fanout',
    key: `n${n}.p99Ms`,
    factor: 0.5,
  })),
  {
    kind: 'vs-peer',
    text: 'saturation server CPU per edit (at 400 edits/s) ≤ 0.5× best peer',
    scenario: 'saturation',
    key: 'cpuUsPerEditAt400',
    factor: 0.5,
  },
  {
    kind: 'vs-peer',
    text: 'saturation sustained edits/s ≥ 2× best peer',
    scenario: 'saturation',
    key: 'maxSustainedEditsPerSec',
    factor: 2,
  },
  {
    kind: 'bound',
    text: 'memory per loaded 2,000-char chapter ≤ 30 KiB',
    scenario: 'many-chapters',
    key: 'kibPerChapter',
    max: 30,
  },
  {
    kind: 'bound',
    text: 'memory per extra connection ≤ 8 KiB',
    scenario: 'many-chapters',
    key: 'kibPerConnection',
    max: 8,
  },
  {
    kind: 'bound',
    text: 'RSS within 10% of idle 30 s after the last client left',
    scenario: 'many-chapters',
    key: 'rssAfterLeaveVsIdle',
    max: 1.1,
  },
  { kind: 'bound', text: 'cold load warm ≤ 16 ms', scenario: 'cold-load', key: 'warmSyncedMs', max: 16 },
  {
    kind: 'bound',
    text: 'cold load from storage (process warm) ≤ 40 ms',
    scenario: 'cold-load',
    key: 'storageSyncedMs',
    max: 40,
    persistentOnly: true,
  },
  {
    kind: 'bound',
    text: 'cold load, first load after a restart ≤ 40 ms',
    scenario: 'cold-load',
    key: 'restartSyncedMs',
    max: 40,
    persistentOnly: true,
  },
  {
    kind: 'bound',
    text: 'cold load: full text present at synced (share of fresh clients)',
    scenario: 'cold-load',
    key: 'textAtSyncedShare',
    min: 1,
  },
  {
    kind: 'bound',
    text: 'cold load ≤ 110 KB on the wire with permessage-deflate',
    scenario: 'cold-load',
    key: 'warmDeflateWireKB',
    max: 110,
  },
  { kind: 'bound', text: 'connection storm: 0 failures', scenario: 'storm', key: 'failures', max: 0 },
  {
    kind: 'vs-peer',
    text: 'connection storm server CPU per connecting client ≤ 0.5× best peer',
    scenario: 'storm',
    key: 'cpuUsPerClient',
    factor: 0.5,
  },
];

export function evaluateTargets(
  summaries: readonly ScenarioSummary[],
  servers: readonly ServerUnderTest[],
): TargetResult[] {
  const wethinks = servers.filter((server) => server.family === 'wethink');
  const ran = new Set(summaries.map((summary) => summary.id));
  return rules
    .filter((rule) => ran.has(rule.scenario))
    .flatMap((rule) =>
      wethinks
        .filter(
          (server) => !(rule.kind === 'bound' && rule.persistentOnly && server.storage !== 'persistent'),
        )
        .map((server) => evaluate(rule, server, summaries, servers)),
    );
}

function evaluate(
  rule: TargetRule,
  server: ServerUnderTest,
  summaries: readonly ScenarioSummary[],
  servers: readonly ServerUnderTest[],
): TargetResult {
  const metric = summaries.find((s) => s.id === rule.scenario)?.metrics.find((m) => m.spec.key === rule.key);
  const own = metric?.cells[server.name];
  const result = { target: rule.text, server: server.name };
  if (!metric || !own) return { ...result, measured: 'not measured', isMet: null };
  const value = `${formatNumber(own.median, metric.spec.digits)} ${metric.spec.unit}`;
  if (rule.kind === 'bound') {
    const isMet =
      (rule.max === undefined || own.median <= rule.max) &&
      (rule.min === undefined || own.median >= rule.min);
    return { ...result, measured: value, isMet };
  }
  const peer = bestPeer(metric.spec.better, servers, metric.cells, server, rule.peerFamily);
  if (!peer || peer.cell.median === 0)
    return { ...result, measured: `${value}; no peer measured`, isMet: null };
  const ratio = own.median / peer.cell.median;
  const isMet = metric.spec.better === 'higher' ? ratio >= rule.factor : ratio <= rule.factor;
  return { ...result, measured: `${value} = ${formatNumber(ratio, 2)}× ${peer.name}`, isMet };
}

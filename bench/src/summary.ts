import { spread } from './metrics';
import type { RunRecord } from './run-plan';
import type { Direction, MetricSpec, Scenario } from './scenarios/scenario';
import type { ServerUnderTest } from './servers/server-under-test';

/** One figure of one server over all rounds. */
export interface Cell {
  median: number;
  min: number;
  max: number;
  rounds: number;
}

export interface MetricSummary {
  spec: MetricSpec;
  /** server name → figure; absent when no round produced it (failed or not applicable). */
  cells: Record<string, Cell>;
  /** wethink server name → its median divided by the best peer's median in the same storage class. */
  ratios: Record<string, { ratio: number; peer: string }>;
}

export interface ScenarioSummary {
  id: string;
  title: string;
  metrics: MetricSummary[];
  failures: { server: string; round: number; message: string }[];
  notes: { server: string; round: number; message: string }[];
}

/** Folds the run records of each scenario into medians with min..max and wethink/peer ratios. */
export function summarize(
  scenarios: readonly Scenario[],
  servers: readonly ServerUnderTest[],
  records: readonly RunRecord[],
  isQuick: boolean,
): ScenarioSummary[] {
  return scenarios.map((scenario) => {
    const runs = records.filter((record) => record.scenario === scenario.id);
    const specs = [...scenario.metrics(isQuick), ...runLevelSpecs];
    return {
      id: scenario.id,
      title: scenario.title,
      metrics: specs.map((spec) => summarizeMetric(spec, servers, runs)),
      failures: runs.flatMap((run) =>
        run.failures.map((message) => ({ server: run.server, round: run.round, message })),
      ),
      notes: runs.flatMap((run) =>
        run.notes.map((message) => ({ server: run.server, round: run.round, message })),
      ),
    };
  });
}

/** Figures every run has, read from the run record rather than the scenario's values. */
const runLevel: Record<string, (run: RunRecord) => number | null> = {
  'run.generatorCore': (run) => run.generatorCore,
  'run.otherLoadServerCore': (run) => run.otherLoad?.serverCore ?? null,
  'run.otherLoadGeneratorCore': (run) => run.otherLoad?.generatorCore ?? null,
};

const runLevelSpecs: MetricSpec[] = [
  {
    key: 'run.generatorCore',
    label: 'load generator CPU over the whole run',
    unit: 'core',
    better: 'none',
    digits: 2,
  },
  {
    key: 'run.otherLoadServerCore',
    label: 'other processes on the server core',
    unit: 'core',
    better: 'none',
    digits: 2,
  },
  {
    key: 'run.otherLoadGeneratorCore',
    label: 'other processes on the generator core',
    unit: 'core',
    better: 'none',
    digits: 2,
  },
];

function summarizeMetric(
  spec: MetricSpec,
  servers: readonly ServerUnderTest[],
  runs: readonly RunRecord[],
): MetricSummary {
  const cells: Record<string, Cell> = {};
  for (const server of servers) {
    const values = runs
      .filter((run) => run.server === server.name)
      .map((run) => runLevel[spec.key]?.(run) ?? run.values[spec.key] ?? null);
    const summary = spread(values);
    if (summary) cells[server.name] = { ...summary, rounds: values.filter((v) => v !== null).length };
  }
  return { spec, cells, ratios: ratiosToBestPeer(spec.better, servers, cells) };
}

function ratiosToBestPeer(
  better: Direction,
  servers: readonly ServerUnderTest[],
  cells: Record<string, Cell>,
): Record<string, { ratio: number; peer: string }> {
  const ratios: Record<string, { ratio: number; peer: string }> = {};
  if (better === 'none') return ratios;
  for (const wethink of servers.filter((server) => server.family === 'wethink')) {
    const own = cells[wethink.name];
    const peer = bestPeer(better, servers, cells, wethink);
    if (own && peer && peer.cell.median !== 0)
      ratios[wethink.name] = { ratio: own.median / peer.cell.median, peer: peer.name };
  }
  return ratios;
}

/** The best peer of the same storage class; any peer when that class has none measured. */
export function bestPeer(
  better: Direction,
  servers: readonly ServerUnderTest[],
  cells: Record<string, Cell>,
  wethink: ServerUnderTest,
  family?: string,
): { name: string; cell: Cell } | null {
  const peers = servers.filter(
    (server) => server.family !== 'wethink' && (!family || server.family === family),
  );
  const measured = (list: readonly ServerUnderTest[]) =>
    list.flatMap((server) => {
      const cell = cells[server.name];
      return cell ? [{ name: server.name, cell }] : [];
    });
  const sameClass = measured(peers.filter((server) => server.storage === wethink.storage));
  const candidates = sameClass.length > 0 ? sameClass : measured(peers);
  const sign = better === 'higher' ? -1 : 1;
  candidates.sort((a, b) => sign * (a.cell.median - b.cell.median));
  return candidates[0] ?? null;
}

import type { RunningServer, ServerUnderTest } from '../servers/server-under-test';

export const SCENARIO_IDS = ['fanout', 'saturation', 'many-chapters', 'cold-load', 'storm'] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

/** How a figure compares: lower is better (latency, CPU), higher is better (throughput), or neither. */
export type Direction = 'lower' | 'higher' | 'none';

export interface MetricSpec {
  key: string;
  label: string;
  unit: string;
  better: Direction;
  digits: number;
}

export interface ScenarioContext {
  readonly sut: ServerUnderTest;
  /** The server as currently running; replaced by `restart`. */
  readonly server: RunningServer;
  readonly isQuick: boolean;
  /** Stops the server and starts it again on the same data directory. */
  restart(): Promise<RunningServer>;
  log(message: string): void;
}

/** What one scenario run against one server produced. A failure voids the figures it names. */
export interface ScenarioRun {
  values: Record<string, number | null>;
  failures: string[];
  notes: string[];
  /**
   * Work that only watches the idle server (RSS polling) and fills in more figures. The harness
   * starts the next server meanwhile, keeps this one running until it settles, and waits for all
   * of it before the next scenario, so only memory figures may be measured this way.
   */
  lingering?: Promise<void>;
}

export interface Scenario {
  readonly id: ScenarioId;
  readonly title: string;
  /** Rounds to run when the user did not ask for a number: long scenarios cap the default. */
  readonly defaultRoundsCap?: number;
  /** Upper bound on one run; the harness fails the run and moves on when it is exceeded. */
  timeLimitMs(isQuick: boolean): number;
  metrics(isQuick: boolean): MetricSpec[];
  appliesTo(sut: ServerUnderTest): boolean;
  run(ctx: ScenarioContext): Promise<ScenarioRun>;
}

export function emptyRun(): ScenarioRun {
  return { values: {}, failures: [], notes: [] };
}

export const metric = (
  key: string,
  label: string,
  unit: string,
  better: Direction,
  digits = 1,
): MetricSpec => ({
  key,
  label,
  unit,
  better,
  digits,
});

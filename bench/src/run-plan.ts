import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readCoreBusyUs, readProcessCpuUsIfAlive } from './metrics';
import type { Scenario, ScenarioContext, ScenarioRun } from './scenarios/scenario';
import { canPinCpus, GENERATOR_CPU, SERVER_CPU } from './servers/child-server';
import type { RunningServer, ServerUnderTest } from './servers/server-under-test';
import { sleep } from './wait';

/** One scenario run against one server in one round, as stored in the results. */
export interface RunRecord extends ScenarioRun {
  scenario: string;
  server: string;
  round: number;
  wallMs: number;
  /** This process's CPU during the run, as a share of one core: near 1 means the generator limited it. */
  generatorCore: number;
  /** CPU other processes (not the server, not this generator) used on each pinned core, as a share of it. */
  otherLoad: { serverCore: number; generatorCore: number } | null;
}

export interface Plan {
  scenarios: readonly Scenario[];
  servers: readonly ServerUnderTest[];
  rounds: number;
  /** The user chose `rounds`: no scenario caps it. */
  isRoundsExplicit: boolean;
  isQuick: boolean;
  /** `--cpu-prof <dir>`: wethink servers write a CPU profile per process there. */
  cpuProfileDir: string | null;
  log(message: string): void;
}

const SETTLE_AFTER_START_MS = 300;

/** A selected server configuration whose one-time setup failed, so none of its runs happened. */
export interface NotRun {
  server: string;
  reason: string;
}

/**
 * Runs each server's one-time setup (e.g. building a native module) before anything is measured.
 * A server whose setup fails is left out of the plan and reported as not run, with the reason.
 */
export async function setUpServers(
  servers: readonly ServerUnderTest[],
  log: (message: string) => void,
): Promise<{ ready: ServerUnderTest[]; notRun: NotRun[] }> {
  const ready: ServerUnderTest[] = [];
  const notRun: NotRun[] = [];
  for (const server of servers) {
    try {
      await server.setup?.((message) => log(`  ${server.name} setup: ${message}`));
      ready.push(server);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      log(`  ${server.name} not run: ${reason}`);
      notRun.push({ server: server.name, reason });
    }
  }
  return { ready, notRun };
}

/**
 * Runs every scenario against every server, interleaving servers within each round
 * (A B C, A B C, ...) so slow drift of the machine spreads over all of them.
 */
export async function runPlan(plan: Plan): Promise<RunRecord[]> {
  const records: RunRecord[] = [];
  for (const scenario of plan.scenarios) {
    const rounds = plan.isRoundsExplicit
      ? plan.rounds
      : Math.min(plan.rounds, scenario.defaultRoundsCap ?? plan.rounds);
    const scenarioRecords: RunRecord[] = [];
    const teardowns: Promise<void>[] = [];
    for (let round = 1; round <= rounds; round += 1) {
      for (const sut of plan.servers) {
        if (!scenario.appliesTo(sut)) continue;
        plan.log(`[${scenario.id}] round ${round}/${rounds} ${sut.name}`);
        const { record, teardown } = await runOne(plan, scenario, sut, round);
        scenarioRecords.push(record);
        teardowns.push(teardown);
      }
    }
    await Promise.all(teardowns);
    for (const record of scenarioRecords) {
      for (const failure of record.failures)
        plan.log(`  FAIL ${record.server} round ${record.round}: ${failure}`);
    }
    records.push(...scenarioRecords);
  }
  return records;
}

/** Runs one scenario against a fresh server; `teardown` settles once the server is stopped. */
async function runOne(
  plan: Plan,
  scenario: Scenario,
  sut: ServerUnderTest,
  round: number,
): Promise<{ record: RunRecord; teardown: Promise<void> }> {
  const dataDir = await mkdtemp(path.join(tmpdir(), `wethink-bench-${sut.name}-`));
  const holder = new ServerHolder(sut, dataDir, plan);
  const startedMs = performance.now();
  const cpuBefore = process.cpuUsage();
  const coresBefore = canPinCpus() ? readPinnedCores() : null;
  let run: ScenarioRun;
  try {
    await holder.start();
    await sleep(SETTLE_AFTER_START_MS);
    run = await withTimeLimit(scenario.run(holder), scenario.timeLimitMs(plan.isQuick));
  } catch (error) {
    run = { values: {}, failures: [error instanceof Error ? error.message : String(error)], notes: [] };
  }
  const cpu = process.cpuUsage(cpuBefore);
  const generatorUs = cpu.user + cpu.system;
  const wallMs = performance.now() - startedMs;
  const { lingering, ...result } = run;
  const record: RunRecord = {
    ...result,
    scenario: scenario.id,
    server: sut.name,
    round,
    wallMs,
    generatorCore: generatorUs / 1000 / wallMs,
    otherLoad: coresBefore && otherLoad(coresBefore, holder.serverCpuUs(), generatorUs, wallMs),
  };
  const teardown = (async () => {
    await lingering;
    const crash = holder.current?.exitDescription;
    if (crash) record.failures.push(`server crashed: ${crash}`);
    await holder.stop();
    await rm(dataDir, { recursive: true, force: true });
  })();
  if (!lingering) await teardown;
  (globalThis as { gc?: () => void }).gc?.();
  return { record, teardown };
}

function readPinnedCores(): { serverUs: number; generatorUs: number } {
  return { serverUs: readCoreBusyUs(SERVER_CPU), generatorUs: readCoreBusyUs(GENERATOR_CPU) };
}

/** Busy time of each pinned core not explained by the server or the generator, as a share of the run. */
function otherLoad(
  before: { serverUs: number; generatorUs: number },
  serverUs: number,
  generatorUs: number,
  wallMs: number,
): { serverCore: number; generatorCore: number } {
  const after = readPinnedCores();
  const share = (us: number) => Math.max(0, us) / 1000 / wallMs;
  return {
    serverCore: share(after.serverUs - before.serverUs - serverUs),
    generatorCore: share(after.generatorUs - before.generatorUs - generatorUs),
  };
}

/** Owns the one running process of a server configuration during a run, across restarts. */
class ServerHolder implements ScenarioContext {
  current: RunningServer | null = null;
  /** CPU of the processes already stopped in this run (restarts). */
  private stoppedCpuUs = 0;
  readonly isQuick: boolean;

  constructor(
    readonly sut: ServerUnderTest,
    private readonly dataDir: string,
    private readonly plan: Plan,
  ) {
    this.isQuick = plan.isQuick;
  }

  get server(): RunningServer {
    if (!this.current) throw new Error(`${this.sut.name} is not running`);
    return this.current;
  }

  async start(): Promise<RunningServer> {
    this.current = await this.sut.start({ dataDir: this.dataDir, cpuProfileDir: this.plan.cpuProfileDir });
    return this.current;
  }

  async stop(): Promise<void> {
    this.stoppedCpuUs = this.serverCpuUs();
    await this.current?.stop();
    this.current = null;
  }

  /** CPU of every server process of this run so far, in µs. */
  serverCpuUs(): number {
    const live = this.current ? readProcessCpuUsIfAlive(this.current.pid) : null;
    return this.stoppedCpuUs + (live ?? 0);
  }

  async restart(): Promise<RunningServer> {
    await this.stop();
    return this.start();
  }

  log(message: string): void {
    this.plan.log(`  ${this.sut.name}: ${message}`);
  }
}

async function withTimeLimit<T>(promise: Promise<T>, limitMs: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`run exceeded its ${limitMs} ms time limit`)), limitMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

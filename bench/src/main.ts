import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { clusterMarkdown, runClusterBench } from './cluster/cluster-bench';
import { indexingMarkdown, runIndexingBench } from './indexing/typist-indexing';
import { browserMarkdown, runBrowserBench } from './browser/browser-bench';
import { exportMarkdown, runExportBench } from './export/export-bench';
import { readersMarkdown, runPublicReadersBench } from './readers/public-readers';
import { renderMarkdown, writeResults, type BenchResults } from './report';

/** Runs outside the scenario × server grid, named in --only like scenarios. */
const EXTRA_RUNS = ['cluster', 'readers', 'indexing', 'export', 'browser'];
import { runPlan, setUpServers } from './run-plan';
import { allScenarios, selectScenarios } from './scenarios/catalog';
import { measureYjsFloor } from './scenarios/yjs-floor';
import { dropBenchDatabases } from './servers/bench-postgres';
import { selectServers } from './servers/catalog';
import { canPinCpus, pinGeneratorProcess } from './servers/child-server';
import { benchRoot } from './servers/paths';
import { summarize } from './summary';
import { evaluateTargets } from './targets';

const usage = `usage: pnpm bench [--quick] [--only <scenario,...>] [--servers <name,...>] [--rounds <n>]
  --quick      smaller N, shorter windows, one round (for iteration)
  --only       scenarios: ${allScenarios.map((s) => s.id).join(', ')}, cluster (three instances
               behind HAProxy with Redis), readers (public readers of one chapter), indexing
               (search indexing's share of a typist's CPU), export (a 100,000-word book in every
               format, and its DOCX imported), browser (typing in Chromium against a bare
               y-prosemirror page; also \`pnpm bench:browser\`); these run after the others,
               by default too
  --servers    wethink-sqlite, wethink-memory, wethink-postgres (their -stock variants: driven by
               the stock y-websocket provider), reference-memory, reference-leveldb,
               hocuspocus-memory, hocuspocus-sqlite, or a family: wethink, reference, hocuspocus
  --rounds     rounds of interleaved runs (default 2, or 1 with --quick)
  --cpu-prof   <dir>: wethink servers write a V8 CPU profile per process there (costs CPU: not for figures)`;

function parseOptions() {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      servers: { type: 'string' },
      rounds: { type: 'string' },
      'cpu-prof': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  const list = (value: string | undefined) => (value ? value.split(',').map((item) => item.trim()) : null);
  const only = list(values.only);
  const rounds = Number(values.rounds ?? (values.quick ? 1 : 2));
  if (!Number.isInteger(rounds) || rounds < 1)
    throw new RangeError(`--rounds must be a positive integer, got ${values.rounds}`);
  return {
    isHelp: values.help,
    isQuick: values.quick,
    rounds,
    isRoundsExplicit: values.rounds !== undefined,
    cpuProfileDir: values['cpu-prof'] ? path.resolve(values['cpu-prof']) : null,
    scenarios:
      only !== null && only.every((id) => EXTRA_RUNS.includes(id))
        ? []
        : selectScenarios(only?.filter((id) => !EXTRA_RUNS.includes(id)) ?? null),
    isCluster: only === null || only.includes('cluster'),
    isReaders: only === null || only.includes('readers'),
    isIndexing: only === null || only.includes('indexing'),
    isExport: only === null || only.includes('export'),
    isBrowser: only === null || only.includes('browser'),
    servers: selectServers(list(values.servers)),
  };
}

function gitCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: benchRoot, encoding: 'utf8' }).trim();
  } catch {
    return null; // not a checkout, or no commit yet: the report says "unknown"
  }
}

async function main(): Promise<void> {
  const options = parseOptions();
  if (options.isHelp) {
    console.log(usage);
    return;
  }
  const isPinned = pinGeneratorProcess();
  if (!isPinned)
    console.warn(`cannot pin CPUs (taskset missing or one core): server and generator share cores`);
  process.setMaxListeners(0); // every y-websocket provider adds a process 'exit' listener
  const startedAt = new Date();
  const startedMs = performance.now();
  const log = (message: string) =>
    console.log(`${((performance.now() - startedMs) / 1000).toFixed(1).padStart(6)}s ${message}`);
  // The runs outside the grid start their own servers: with no scenario, none is set up.
  const { ready: servers, notRun } =
    options.scenarios.length > 0 ? await setUpServers(options.servers, log) : { ready: [], notRun: [] };
  const floor = options.scenarios.some((s) => s.id === 'cold-load') ? measureYjsFloor() : null;
  const runs = options.scenarios.length > 0 ? await runPlan({ ...options, servers, log }) : [];
  const cluster = options.isCluster ? await runClusterBench(log) : undefined;
  const readers = options.isReaders ? await runPublicReadersBench(log) : undefined;
  const indexing = options.isIndexing ? await runIndexingBench(log, options.isQuick) : undefined;
  const exports = options.isExport ? await runExportBench(log) : undefined;
  const browser = options.isBrowser
    ? await runBrowserBench(
        {
          rounds: options.rounds,
          typists: [2, 5],
          keystrokes: options.isQuick ? 80 : 200,
          profileDir: null,
          isTracing: false,
        },
        log,
      )
    : undefined;
  const summary = summarize(options.scenarios, servers, runs, options.isQuick);
  const results: BenchResults = {
    meta: {
      startedAt: startedAt.toISOString(),
      durationMs: performance.now() - startedMs,
      isQuick: options.isQuick,
      rounds: options.rounds,
      node: process.version,
      cpuModel: `${cpus().length}× ${cpus()[0]?.model ?? 'unknown CPU'}`,
      isPinned: isPinned && canPinCpus(),
      gitCommit: gitCommit(),
      servers: servers.map((server) => server.name),
      notRun,
      scenarios: options.scenarios.map((scenario) => scenario.id),
    },
    floor,
    summary,
    targets: evaluateTargets(summary, servers),
    runs,
    ...(cluster ? { cluster } : {}),
    ...(readers ? { readers } : {}),
    ...(indexing ? { indexing } : {}),
    ...(exports ? { exports } : {}),
    ...(browser ? { browser } : {}),
  };
  const markdown =
    renderMarkdown(results, servers) +
    (cluster ? `\n${clusterMarkdown(cluster)}` : '') +
    (readers ? `\n${readersMarkdown(readers)}` : '') +
    (indexing ? `\n${indexingMarkdown(indexing)}` : '') +
    (exports ? `\n${exportMarkdown(exports)}` : '') +
    (browser ? `\n${browserMarkdown(browser)}` : '');
  console.log(`\n${markdown}`);
  const written = await writeResults(path.join(benchRoot, 'results'), results, markdown);
  console.log(`\nwrote ${written.join(', ')}`);
}

main()
  .finally(() => dropBenchDatabases())
  .then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      console.error(usage);
      process.exit(1);
    },
  );

import * as Y from 'yjs';
import { connectClient, connectInWaves, destroyAll } from '../clients/connect-client';
import type { SyncClient } from '../clients/sync-client';
import { generatorCoreShare, openCpuWindow, summarizeLatencies } from '../metrics';
import { byDoc, checkConverged } from '../sim/convergence';
import { seedTextLength, seedUpdate } from '../sim/seed-chapter';
import { sleep } from '../wait';
import { emptyRun, metric, type Scenario, type ScenarioContext, type ScenarioRun } from './scenario';

const CHAPTERS = 50;
const CLIENTS = 500;
const SEED_CHARS = 2_000;
const SYNC_TIMEOUT_MS = 30_000;
/** Lets the awareness fan-out of the last joins finish inside the CPU window. */
const SETTLE_MS = 300;
/** Lets the seeded chapters be written before a persistent server is restarted. */
const FLUSH_WAIT_MS = 1_500;

/**
 * Scenario 5: 500 clients open 50 chapters (seeded with 2,000 chars) at the same moment, each
 * publishing presence. Time until all are synced, failures, server CPU per client. Persistent
 * servers are restarted after seeding (and warmed on another chapter), so every one of them opens
 * the 50 chapters from storage; in-memory servers keep them or not, as their unload policy says.
 */
export const connectionStormScenario: Scenario = {
  id: 'storm',
  title: 'Connection storm (500 clients to 50 chapters at once)',
  timeLimitMs: () => 90_000,
  appliesTo: () => true,
  metrics: () => [
    metric('allSyncedMs', 'time until all synced', 'ms', 'lower', 0),
    metric('p50ConnectMs', 'connect → synced p50', 'ms', 'lower', 1),
    metric('p95ConnectMs', 'connect → synced p95', 'ms', 'lower', 1),
    metric('failures', 'failed or retried connections', 'count', 'lower', 0),
    metric('cpuUsPerClient', 'server CPU per connecting client', 'µs', 'lower', 0),
    metric('contentAtSyncShare', 'clients with the seeded chapter at synced', 'share', 'none', 2),
    metric('generatorCore', 'load generator CPU during the storm', 'core', 'none', 2),
  ],
  run: async (ctx) => {
    const run = emptyRun();
    const names = Array.from({ length: CHAPTERS }, (_, i) => `storm-book/chapter-${i}`);
    await seedAndLeave(ctx, names);
    await ctx.server.endpoint.access.prepare(names);
    const cpu = openCpuWindow(ctx.server.pid);
    const entries = Array.from({ length: CLIENTS }, (_, i) => {
      const name = names[i % CHAPTERS] ?? 'storm-book/chapter-0';
      return [
        name,
        connectClient(ctx.server.endpoint, name, { user: { name: `reader-${i}`, color: '#aa3300' } }),
      ] as const;
    });
    const clients = entries.map(([, client]) => client);
    try {
      const outcomes = await Promise.allSettled(clients.map((client) => client.whenSynced(SYNC_TIMEOUT_MS)));
      await sleep(SETTLE_MS);
      recordStorm(run, clients, outcomes, cpu.serverUs(), generatorCoreShare(cpu));
      const divergence = await checkConverged(ctx.server.endpoint, byDoc(entries), 20_000);
      if (divergence.length > 0) {
        run.failures.push(`${divergence.length} chapters diverged; first: ${divergence[0]}`);
        run.values = {};
      }
    } finally {
      destroyAll(clients);
    }
    return run;
  },
};

async function seedAndLeave(ctx: ScenarioContext, names: readonly string[]): Promise<void> {
  const writers = await connectInWaves(ctx.server.endpoint, names, {
    waveSize: CHAPTERS,
    timeoutMs: SYNC_TIMEOUT_MS,
  });
  for (const writer of writers) Y.applyUpdate(writer.doc, seedUpdate(SEED_CHARS));
  await sleep(500);
  destroyAll(writers);
  await sleep(FLUSH_WAIT_MS);
  if (ctx.sut.storage !== 'persistent') return;
  const server = await ctx.restart();
  // One client on another chapter first, so the storm is not the new process's JIT warm-up.
  const [warmup] = await connectInWaves(server.endpoint, ['storm-book/warm-up'], {
    waveSize: 1,
    timeoutMs: SYNC_TIMEOUT_MS,
  });
  warmup?.text.insert(0, 'warm');
  await sleep(200);
  warmup?.destroy();
}

function recordStorm(
  run: ScenarioRun,
  clients: readonly SyncClient[],
  outcomes: readonly PromiseSettledResult<void>[],
  serverUs: number,
  generatorCore: number,
): void {
  const timedOut = outcomes.filter((outcome) => outcome.status === 'rejected').length;
  const retried = clients.reduce((sum, client) => sum + client.stats.failures, 0);
  const startMs = Math.min(...clients.map((client) => client.connectStartedMs));
  const syncedAt = clients.flatMap((client) => (client.syncedAtMs === null ? [] : [client.syncedAtMs]));
  const latency = summarizeLatencies(
    clients.flatMap((client) =>
      client.syncedAtMs === null ? [] : [client.syncedAtMs - client.connectStartedMs],
    ),
  );
  const seededLength = seedTextLength(SEED_CHARS);
  Object.assign(run.values, {
    allSyncedMs: timedOut === 0 ? Math.max(...syncedAt) - startMs : null,
    p50ConnectMs: latency.p50Ms,
    p95ConnectMs: latency.p95Ms,
    failures: timedOut + retried,
    cpuUsPerClient: serverUs / clients.length,
    contentAtSyncShare:
      clients.filter((c) => seededLength > 0 && c.textLengthAtSync === seededLength).length / clients.length,
    generatorCore,
  });
  if (timedOut > 0)
    run.failures.push(`${timedOut} of ${clients.length} clients not synced within ${SYNC_TIMEOUT_MS} ms`);
  if (retried > 0) run.notes.push(`${retried} connection attempts failed or closed and were retried`);
  const withContent = run.values.contentAtSyncShare ?? 0;
  if (withContent < 1)
    run.notes.push(`${((1 - withContent) * 100).toFixed(0)}% of clients synced without the seeded chapter`);
}

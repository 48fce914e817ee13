import { connectClient, destroyAll } from '../clients/connect-client';
import type { SyncClient } from '../clients/sync-client';
import { readProcessCpuUs, summarizeLatencies } from '../metrics';
import type { RunningServer, SyncEndpoint } from '../servers/server-under-test';
import { WethinkAccount } from '../servers/wethink-access';
import { DeliveryTracker } from '../sim/delivery-tracker';
import { typeCharacter, type Caret } from '../sim/keystroke';
import { sleep } from '../wait';
import { startBenchCluster } from './cluster-launch';

const WATCHERS_PER_GROUP = 20;
const KEYSTROKE_MS = 50;
const WARMUP_MS = 1_000;
const WINDOW_MS = 5_000;
const DRAIN_MS = 5_000;
const STORM_CLIENTS = 1_500;
const STORM_CHAPTERS = 150;
const STORM_TIMEOUT_MS = 60_000;

/** What the cluster runs measured; null where a run failed (its failure says why). */
export interface ClusterFigures {
  sameInstance: { p50Ms: number | null; p99Ms: number | null };
  crossInstance: { p50Ms: number | null; p99Ms: number | null };
  clusterCpuUsPerDelivery: number | null;
  singleCpuUsPerDelivery: number | null;
  storm: { clients: number; chapters: number; allSyncedMs: number | null; failures: number };
  failures: string[];
}

/**
 * The cluster scenarios of issue 18, on this machine: three instances on one PostgreSQL with
 * Redis between them (all pinned to the server core, so this shows cost, not scaling), measured
 * against one instance without Redis on the same kind of database.
 */
export async function runClusterBench(log: (message: string) => void): Promise<ClusterFigures> {
  const figures: ClusterFigures = {
    sameInstance: { p50Ms: null, p99Ms: null },
    crossInstance: { p50Ms: null, p99Ms: null },
    clusterCpuUsPerDelivery: null,
    singleCpuUsPerDelivery: null,
    storm: { clients: STORM_CLIENTS, chapters: STORM_CHAPTERS, allSyncedMs: null, failures: 0 },
    failures: [],
  };
  await guarded(figures, 'three instances', async () => {
    log('cluster: three instances, delivery within and across instances');
    const cluster = await startBenchCluster(3, new WethinkAccount());
    try {
      const [first, second, third] = cluster.instances as [RunningServer, RunningServer, RunningServer];
      const measured = await measureDelivery(first, [first], [second, third], cluster.instances);
      figures.sameInstance = measured.same;
      figures.crossInstance = measured.cross;
      figures.clusterCpuUsPerDelivery = measured.cpuUsPerDelivery;
      log(`cluster: ${STORM_CLIENTS} clients to ${STORM_CHAPTERS} chapters through HAProxy`);
      figures.storm = await storm(cluster.balanced);
    } finally {
      await cluster.stop();
    }
  });
  await guarded(figures, 'one instance', async () => {
    log('cluster: the same delivery on one instance (no Redis)');
    const single = await startBenchCluster(1, new WethinkAccount(), { redis: false });
    try {
      const [only] = single.instances as [RunningServer];
      figures.singleCpuUsPerDelivery = (await measureDelivery(only, [only], [only], [only])).cpuUsPerDelivery;
    } finally {
      await single.stop();
    }
  });
  return figures;
}

async function guarded(figures: ClusterFigures, what: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    figures.failures.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * One author on `authorAt` types a character every 50 ms; `WATCHERS_PER_GROUP` watchers on each
 * of `sameAt` and on each of `crossAt`. Latency from the author's transaction to each watcher's
 * integration, by group; summed CPU of `all` instances per delivered update.
 */
async function measureDelivery(
  authorAt: RunningServer,
  sameAt: readonly RunningServer[],
  crossAt: readonly RunningServer[],
  all: readonly RunningServer[],
) {
  const name = 'cluster-delivery/chapter-1';
  const connect = async (at: RunningServer, count: number): Promise<SyncClient[]> => {
    await at.endpoint.access.prepare([name]);
    const clients = Array.from({ length: count }, (_, index) =>
      connectClient(at.endpoint, name, { user: { name: `watcher-${index}`, color: '#3366ff' } }),
    );
    await Promise.all(clients.map((client) => client.whenSynced(20_000)));
    return clients;
  };
  const [author] = await connect(authorAt, 1);
  const same = (await Promise.all(sameAt.map((at) => connect(at, WATCHERS_PER_GROUP)))).flat();
  const cross = (await Promise.all(crossAt.map((at) => connect(at, WATCHERS_PER_GROUP)))).flat();
  const sameTracker = new DeliveryTracker([author!, ...same]);
  const crossTracker = new DeliveryTracker([author!, ...cross]);
  try {
    const caret: Caret = { index: 0 };
    let seq = 0;
    const type = async (windowMs: number) => {
      const endMs = performance.now() + windowMs;
      while (performance.now() < endMs) {
        sameTracker.recordEdit(author!, () =>
          crossTracker.recordEdit(author!, () =>
            typeCharacter(author!, caret, { isCursorShared: true, seq: seq++ }),
          ),
        );
        await sleep(KEYSTROKE_MS);
      }
      await Promise.all([sameTracker.drain(DRAIN_MS), crossTracker.drain(DRAIN_MS)]);
    };
    await type(WARMUP_MS);
    sameTracker.takeSamples();
    crossTracker.takeSamples();
    const deliveredBefore = sameTracker.deliveredCount + crossTracker.deliveredCount;
    const cpuBefore = all.reduce((sum, instance) => sum + readProcessCpuUs(instance.pid), 0);
    await type(WINDOW_MS);
    const cpuUs = all.reduce((sum, instance) => sum + readProcessCpuUs(instance.pid), 0) - cpuBefore;
    if (sameTracker.pending + crossTracker.pending > 0) {
      throw new Error(
        `${sameTracker.pending + crossTracker.pending} deliveries missing after ${DRAIN_MS} ms`,
      );
    }
    const delivered = sameTracker.deliveredCount + crossTracker.deliveredCount - deliveredBefore;
    const pick = (samples: number[]) => {
      const summary = summarizeLatencies(samples);
      return { p50Ms: summary.p50Ms, p99Ms: summary.p99Ms };
    };
    return {
      same: pick(sameTracker.takeSamples()),
      cross: pick(crossTracker.takeSamples()),
      cpuUsPerDelivery: delivered > 0 ? cpuUs / delivered : null,
    };
  } finally {
    sameTracker.dispose();
    crossTracker.dispose();
    destroyAll([author!, ...same, ...cross]);
  }
}

/** Every client at once, each to one of the chapters, through the balancer; time until all synced. */
async function storm(endpoint: SyncEndpoint): Promise<ClusterFigures['storm']> {
  const names = Array.from({ length: STORM_CHAPTERS }, (_, index) => `cluster-storm/chapter-${index}`);
  await endpoint.access.prepare(names);
  const startedMs = performance.now();
  const clients = Array.from({ length: STORM_CLIENTS }, (_, index) =>
    connectClient(endpoint, names[index % STORM_CHAPTERS]!, {
      user: { name: `reader-${index}`, color: '#aa3300' },
    }),
  );
  try {
    const outcomes = await Promise.allSettled(clients.map((client) => client.whenSynced(STORM_TIMEOUT_MS)));
    const failures = outcomes.filter((outcome) => outcome.status === 'rejected').length;
    const lastSyncedMs = Math.max(...clients.map((client) => client.syncedAtMs ?? Number.NaN));
    return {
      clients: STORM_CLIENTS,
      chapters: STORM_CHAPTERS,
      allSyncedMs: failures === 0 ? lastSyncedMs - startedMs : null,
      failures,
    };
  } finally {
    destroyAll(clients);
  }
}

/** The report's section on the cluster runs. */
export function clusterMarkdown(figures: ClusterFigures): string {
  const ms = (value: number | null) => (value === null ? '—' : value.toFixed(2));
  const us = (value: number | null) => (value === null ? '—' : value.toFixed(1));
  const ratio =
    figures.clusterCpuUsPerDelivery !== null && figures.singleCpuUsPerDelivery
      ? (figures.clusterCpuUsPerDelivery / figures.singleCpuUsPerDelivery).toFixed(2)
      : '—';
  const extra =
    figures.crossInstance.p99Ms !== null && figures.sameInstance.p99Ms !== null
      ? (figures.crossInstance.p99Ms - figures.sameInstance.p99Ms).toFixed(2)
      : '—';
  return [
    '## Cluster (three instances, PostgreSQL, Redis, HAProxy; all instances on one core)',
    '',
    '| figure | value | target |',
    '| --- | --- | --- |',
    `| delivery latency, same instance p50 / p99 | ${ms(figures.sameInstance.p50Ms)} / ${ms(figures.sameInstance.p99Ms)} ms | |`,
    `| delivery latency, across instances p50 / p99 | ${ms(figures.crossInstance.p50Ms)} / ${ms(figures.crossInstance.p99Ms)} ms | |`,
    `| across − same, p99 | ${extra} ms | ≤ +5 ms |`,
    `| summed server CPU per delivered update, 3 instances | ${us(figures.clusterCpuUsPerDelivery)} µs | |`,
    `| the same, one instance without Redis | ${us(figures.singleCpuUsPerDelivery)} µs | |`,
    `| ratio | ${ratio}× | ≤ 2× |`,
    `| storm: ${figures.storm.clients} clients to ${figures.storm.chapters} chapters through HAProxy, all synced | ${ms(figures.storm.allSyncedMs)} ms, ${figures.storm.failures} failures | 0 failures |`,
    ...(figures.failures.length > 0
      ? ['', ...figures.failures.map((failure) => `- failed: ${failure}`)]
      : []),
    '',
  ].join('\n');
}

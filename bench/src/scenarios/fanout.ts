import * as prng from 'lib0/prng';
import { connectInWaves, destroyAll } from '../clients/connect-client';
import type { SyncClient } from '../clients/sync-client';
import { openCpuWindow, generatorCoreShare, summarizeLatencies } from '../metrics';
import { checkConverged } from '../sim/convergence';
import { DeliveryTracker } from '../sim/delivery-tracker';
import { typeCharacter, type Caret } from '../sim/keystroke';
import { seedChapter } from '../sim/seed-chapter';
import { sleep } from '../wait';
import {
  emptyRun,
  metric,
  type MetricSpec,
  type Scenario,
  type ScenarioContext,
  type ScenarioRun,
} from './scenario';

const AUTHORS = 3;
const KEYSTROKE_INTERVAL_MS = 200;
const KEYSTROKE_JITTER_MS = 60;
const DRAIN_TIMEOUT_MS = 3_000;
const SEED_CHARS = 600;
const WARMUP_MS = 600;

const authors = (clients: readonly SyncClient[]): readonly SyncClient[] => clients.slice(0, AUTHORS);

const clientCounts = (isQuick: boolean): number[] => (isQuick ? [2, 10, 50] : [2, 10, 50, 200]);
const typingWindowMs = (isQuick: boolean): number => (isQuick ? 2_000 : 3_000);

/**
 * Scenario 1: one chapter, N clients, three authors typing a character every ~200 ms with their
 * cursor published in awareness, everyone else watching. Latency from the local transaction to
 * its integration at every other client.
 */
export const fanoutScenario: Scenario = {
  id: 'fanout',
  title: 'Fan-out latency (one chapter, 3 authors typing every ~200 ms, cursors in awareness)',
  timeLimitMs: (isQuick) => (isQuick ? 60_000 : 120_000),
  appliesTo: () => true,
  metrics: (isQuick) =>
    clientCounts(isQuick).flatMap((n): MetricSpec[] => [
      metric(`n${n}.p50Ms`, `N=${n} latency p50`, 'ms', 'lower', 2),
      metric(`n${n}.p95Ms`, `N=${n} latency p95`, 'ms', 'lower', 2),
      metric(`n${n}.p99Ms`, `N=${n} latency p99`, 'ms', 'lower', 2),
      metric(`n${n}.maxMs`, `N=${n} latency max`, 'ms', 'lower', 2),
      metric(`n${n}.cpuUsPerDelivery`, `N=${n} server CPU per delivered update`, 'µs', 'lower'),
      metric(`n${n}.messagesPerDelivery`, `N=${n} messages received per delivered edit`, 'msg', 'lower', 2),
      metric(`n${n}.generatorCore`, `N=${n} load generator CPU`, 'core', 'none', 2),
    ]),
  run: async (ctx) => {
    const run = emptyRun();
    for (const n of clientCounts(ctx.isQuick)) {
      ctx.log(`fan-out N=${n}`);
      await measureFanout(ctx, n, run);
    }
    return run;
  },
};

async function measureFanout(ctx: ScenarioContext, n: number, run: ScenarioRun): Promise<void> {
  const docName = `fanout/n${n}`;
  const clients = await connectInWaves(ctx.server.endpoint, Array<string>(n).fill(docName), {
    waveSize: 50,
    timeoutMs: 20_000,
    user: { name: 'author', color: '#3366ff' },
  });
  const tracker = new DeliveryTracker(clients);
  try {
    await seedChapter(clients, SEED_CHARS);
    // Warm-up typing, not measured: JIT and first-use allocations on both ends.
    await typeForAWhile(authors(clients), tracker, WARMUP_MS);
    await tracker.drain(DRAIN_TIMEOUT_MS);
    tracker.takeSamples();
    await sleep(200);
    const window = await measureTypingWindow(ctx, clients, tracker);
    const divergence = await checkConverged(ctx.server.endpoint, new Map([[docName, clients]]), 10_000);
    const failures = divergence.map((line) => `N=${n}: ${line}`);
    if (window.pending > 0) {
      failures.push(
        `N=${n}: ${window.pending} deliveries missing ${DRAIN_TIMEOUT_MS} ms after typing stopped`,
      );
    }
    run.failures.push(...failures);
    // A window that diverged or did not deliver everything yields no figures, only the failure.
    for (const [key, value] of Object.entries(window.values)) {
      run.values[`n${n}.${key}`] = failures.length === 0 ? value : null;
    }
  } finally {
    tracker.dispose();
    destroyAll(clients);
  }
}

/** Types for one window and returns its figures (keys without the `n<N>.` prefix). */
async function measureTypingWindow(
  ctx: ScenarioContext,
  clients: readonly SyncClient[],
  tracker: DeliveryTracker,
): Promise<{ values: Record<string, number | null>; pending: number }> {
  const deliveredBefore = tracker.deliveredCount;
  const messagesBefore = totalMessages(clients);
  const cpu = openCpuWindow(ctx.server.pid);
  await typeForAWhile(authors(clients), tracker, typingWindowMs(ctx.isQuick));
  await tracker.drain(DRAIN_TIMEOUT_MS);
  const serverUs = cpu.serverUs();
  const delivered = tracker.deliveredCount - deliveredBefore;
  const latency = summarizeLatencies(tracker.takeSamples());
  const perDelivery = (total: number) => (delivered > 0 ? total / delivered : null);
  return {
    pending: tracker.pending,
    values: {
      p50Ms: latency.p50Ms,
      p95Ms: latency.p95Ms,
      p99Ms: latency.p99Ms,
      maxMs: latency.maxMs,
      cpuUsPerDelivery: perDelivery(serverUs),
      messagesPerDelivery: perDelivery(totalMessages(clients) - messagesBefore),
      generatorCore: generatorCoreShare(cpu),
    },
  };
}

/** Each author types at its own caret every ~200 ms (jittered, seeded) until the window closes. */
async function typeForAWhile(
  authors: readonly SyncClient[],
  tracker: DeliveryTracker,
  windowMs: number,
): Promise<void> {
  const gen = prng.create(42);
  const endMs = performance.now() + windowMs;
  await Promise.all(
    authors.map(async (author, index) => {
      const caret: Caret = { index: Math.floor((author.text.length * (index + 1)) / (authors.length + 1)) };
      let seq = 0;
      await sleep(prng.int32(gen, 0, KEYSTROKE_INTERVAL_MS));
      while (performance.now() < endMs) {
        tracker.recordEdit(author, () => typeCharacter(author, caret, { isCursorShared: true, seq: seq++ }));
        await sleep(KEYSTROKE_INTERVAL_MS + prng.int32(gen, -KEYSTROKE_JITTER_MS, KEYSTROKE_JITTER_MS));
      }
    }),
  );
}

export function totalMessages(clients: readonly SyncClient[]): number {
  return clients.reduce((sum, client) => sum + client.stats.messagesIn, 0);
}

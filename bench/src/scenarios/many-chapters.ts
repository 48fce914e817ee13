import * as Y from 'yjs';
import { connectInWaves, destroyAll } from '../clients/connect-client';
import type { SyncClient } from '../clients/sync-client';
import { readRssKiB, slope } from '../metrics';
import { checkConverged } from '../sim/convergence';
import { typeCharacter } from '../sim/keystroke';
import { seedUpdate } from '../sim/seed-chapter';
import { sleep, waitFor } from '../wait';
import { emptyRun, metric, type Scenario, type ScenarioContext, type ScenarioRun } from './scenario';

const SEED_CHARS = 2_000;
const WAVE_SIZE = 100;
/** Lets the server take in a wave's writes before RSS is read. */
const WAVE_PAUSE_MS = 150;
const SETTLE_MS = 1_000;
const RELEASE_POLL_MS = 500;
const RELEASE_TOLERANCE = 1.1;
const TYPING_SPREAD_MS = 2_000;

const chapterCount = (isQuick: boolean): number => (isQuick ? 300 : 1_000);
const releaseWindowMs = (isQuick: boolean): number => (isQuick ? 10_000 : 30_000);

/**
 * Scenario 3: many chapters with two clients each and a little typing. RSS is read after one
 * client per chapter (chapters loaded), after the second (extra connections), and then polled
 * after everyone left, to see whether unloading gives memory back.
 */
export const manyChaptersScenario: Scenario = {
  id: 'many-chapters',
  title: 'Many chapters (2,000-char chapters × 2 clients, a little typing; server RSS)',
  // One round by default: the release poll alone may take 30 s per server.
  defaultRoundsCap: 1,
  timeLimitMs: (isQuick) => (isQuick ? 90_000 : 180_000),
  appliesTo: () => true,
  metrics: (isQuick) => [
    metric('chapters', 'chapters', 'count', 'none', 0),
    metric('idleRssMiB', 'RSS idle, before any client', 'MiB', 'lower'),
    metric('kibPerChapter', 'RSS per loaded chapter (slope over waves)', 'KiB', 'lower'),
    metric('kibPerConnection', 'RSS per extra connection (slope over waves)', 'KiB', 'lower', 2),
    metric('peakRssMiB', 'RSS with all clients, after typing', 'MiB', 'lower'),
    metric(
      'rssAfterLeaveMiB',
      `RSS after all left (polled up to ${releaseWindowMs(isQuick) / 1000} s)`,
      'MiB',
      'lower',
    ),
    metric('rssAfterLeaveVsIdle', 'RSS after all left ÷ idle RSS', '×', 'lower', 2),
    metric('releaseMs', 'time until RSS within 10% of idle', 'ms', 'lower', 0),
  ],
  run: async (ctx) => {
    const run = emptyRun();
    const chapters = chapterCount(ctx.isQuick);
    const names = Array.from({ length: chapters }, (_, i) => `book-${Math.floor(i / 20)}/chapter-${i}`);
    const pid = ctx.server.pid;
    // Books and tokens before the idle reading: RSS figures are about chapters and connections.
    await ctx.server.endpoint.access.prepare(names);
    const idleKiB = await settledRss(pid);
    ctx.log(`loading ${chapters} chapters`);
    const seed = seedUpdate(SEED_CHARS);
    const writers = await connectMeasuringRss(ctx, names, (wave) => {
      for (const writer of wave) Y.applyUpdate(writer.doc, seed);
    });
    const readers: SyncClient[] = [];
    try {
      const second = await connectMeasuringRss(ctx, names, () => undefined);
      readers.push(...second.clients);
      await waitForSeeds(readers, writers.clients);
      ctx.log('second client per chapter connected; typing');
      await typeALittle([...writers.clients, ...readers]);
      const peakKiB = await settledRss(pid);
      Object.assign(run.values, {
        chapters,
        idleRssMiB: idleKiB / 1024,
        kibPerChapter: writers.kibPerClient - second.kibPerClient,
        kibPerConnection: second.kibPerClient,
        peakRssMiB: peakKiB / 1024,
      });
      await checkAllConverged(ctx, names, writers.clients, readers, run);
    } finally {
      destroyAll([...writers.clients, ...readers]);
    }
    ctx.log('all clients left; polling RSS in the background');
    run.lingering = measureRelease(ctx.server.pid, ctx.isQuick, idleKiB, run);
    return run;
  },
};

/**
 * Connects one client per name, a wave at a time, running `afterWave` on each wave, and fits the
 * server's RSS growth per client over the waves (a slope, steadier than one before/after pair
 * against V8's stepwise heap growth).
 */
async function connectMeasuringRss(
  ctx: ScenarioContext,
  names: readonly string[],
  afterWave: (wave: readonly SyncClient[]) => void,
): Promise<{ clients: SyncClient[]; kibPerClient: number }> {
  const clients: SyncClient[] = [];
  const points: [number, number][] = [[0, readRssKiB(ctx.server.pid)]];
  try {
    for (let start = 0; start < names.length; start += WAVE_SIZE) {
      const wave = await connectInWaves(ctx.server.endpoint, names.slice(start, start + WAVE_SIZE), {
        waveSize: WAVE_SIZE,
        timeoutMs: 30_000,
      });
      clients.push(...wave);
      afterWave(wave);
      await sleep(WAVE_PAUSE_MS);
      points.push([clients.length, readRssKiB(ctx.server.pid)]);
    }
  } catch (error) {
    destroyAll(clients);
    throw error;
  }
  return { clients, kibPerClient: slope(points) };
}

/** RSS after a pause, so the figures are not caught mid-burst. */
async function settledRss(pid: number): Promise<number> {
  await sleep(SETTLE_MS);
  return readRssKiB(pid);
}

async function waitForSeeds(readers: readonly SyncClient[], writers: readonly SyncClient[]): Promise<void> {
  await waitFor(() => readers.every((reader, i) => reader.text.length === writers[i]?.text.length), {
    timeoutMs: 30_000,
    description: 'seeded chapters did not reach their second client',
    pollMs: 100,
  });
}

/** Every client types two characters, spread over about two seconds in batches of 200. */
async function typeALittle(clients: readonly SyncClient[]): Promise<void> {
  const batchSize = 200;
  const pauseMs = TYPING_SPREAD_MS / Math.ceil((2 * clients.length) / batchSize);
  let typed = 0;
  for (let round = 0; round < 2; round += 1) {
    for (const [i, client] of clients.entries()) {
      typeCharacter(client, { index: (i * 37) % SEED_CHARS }, { isCursorShared: false, seq: i + round });
      typed += 1;
      if (typed % batchSize === 0) await sleep(pauseMs);
    }
  }
}

async function checkAllConverged(
  ctx: ScenarioContext,
  names: readonly string[],
  writers: readonly SyncClient[],
  readers: readonly SyncClient[],
  run: ScenarioRun,
): Promise<void> {
  const clientsByDoc = new Map(
    names.map((name, i) => [name, [writers[i], readers[i]].filter((c) => c !== undefined)]),
  );
  const divergence = await checkConverged(ctx.server.endpoint, clientsByDoc, 20_000);
  if (divergence.length === 0) return;
  run.failures.push(`${divergence.length} chapters diverged; first: ${divergence[0]}`);
  run.values = {};
}

async function measureRelease(
  pid: number,
  isQuick: boolean,
  idleKiB: number,
  run: ScenarioRun,
): Promise<void> {
  const windowMs = releaseWindowMs(isQuick);
  const startMs = performance.now();
  let rssKiB = readRssKiB(pid);
  while (rssKiB > idleKiB * RELEASE_TOLERANCE && performance.now() - startMs < windowMs) {
    await sleep(RELEASE_POLL_MS);
    rssKiB = readRssKiB(pid);
  }
  const isReleased = rssKiB <= idleKiB * RELEASE_TOLERANCE;
  if (run.failures.length > 0) return;
  run.values.rssAfterLeaveMiB = rssKiB / 1024;
  run.values.rssAfterLeaveVsIdle = rssKiB / idleKiB;
  run.values.releaseMs = isReleased ? performance.now() - startMs : null;
  if (!isReleased)
    run.notes.push(`RSS ${(rssKiB / 1024).toFixed(0)} MiB still above idle +10% after ${windowMs / 1000} s`);
}

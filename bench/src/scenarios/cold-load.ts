import * as Y from 'yjs';
import { connectClient } from '../clients/connect-client';
import type { SyncClient } from '../clients/sync-client';
import type { SyncEndpoint } from '../servers/server-under-test';
import { percentile } from '../metrics';
import { automergePaperChapter, type BuiltChapter } from '../sim/editing-trace';
import { sleep, waitFor } from '../wait';
import { emptyRun, metric, type Scenario, type ScenarioContext, type ScenarioRun } from './scenario';

const DOC_NAME = 'paper/automerge-paper';
/**
 * Pause between the last client leaving and SIGTERM. Every server here writes on unload or on
 * SIGTERM (Hocuspocus stores at once when the last client leaves, y-leveldb on every update,
 * wethink flushes on shutdown); the pause only keeps the restart from racing those writes.
 */
const FLUSH_WAIT_MS = 1_500;
const SYNC_TIMEOUT_MS = 30_000;
const FULL_TEXT_TIMEOUT_MS = 15_000;

interface FreshLoad {
  syncedMs: number;
  isTextAtSync: boolean;
  fullTextMs: number | null;
  wireBytes: number;
  payloadBytes: number;
}

/**
 * Scenario 4: the automerge-paper trace (259,778 edits, 104,852 chars) as one chapter, a Y.Text
 * named `chapter`, uploaded once as its encoded state. A fresh client's time from connect to
 * synced and the bytes it received, from a warm server (the chapter loaded, one client holding
 * it) and after a restart (persistent servers only), without and with permessage-deflate.
 */
export const coldLoadScenario: Scenario = {
  id: 'cold-load',
  title: 'Cold load of a real chapter (automerge-paper, 104,852 chars, Y.Text)',
  timeLimitMs: () => 120_000,
  appliesTo: () => true,
  metrics: () => [
    metric('warmSyncedMs', 'warm: connect → synced', 'ms', 'lower', 2),
    metric('warmWireKB', 'warm: bytes received', 'KB', 'lower'),
    metric('warmDeflateSyncedMs', 'warm, deflate offered: connect → synced', 'ms', 'lower', 2),
    metric('warmDeflateWireKB', 'warm, deflate offered: bytes on the wire', 'KB', 'lower'),
    metric('restartSyncedMs', 'after restart: connect → synced', 'ms', 'lower', 2),
    metric('restartFullTextMs', 'after restart: connect → full text', 'ms', 'lower', 2),
    metric('restartDeflateSyncedMs', 'after restart, deflate offered: connect → synced', 'ms', 'lower', 2),
    metric('textAtSyncedShare', 'fresh clients with the full text at synced', 'share', 'higher', 2),
  ],
  run: async (ctx) => {
    const run = emptyRun();
    const chapter = automergePaperChapter();
    const holder = connectClient(ctx.server.endpoint, DOC_NAME);
    const loads: { kind: string; load: FreshLoad }[] = [];
    try {
      await holder.whenSynced(SYNC_TIMEOUT_MS);
      Y.applyUpdate(holder.doc, chapter.state);
      await waitUntilServerHas(ctx.server.endpoint, chapter);
      const repeats = ctx.isQuick ? 3 : 5;
      for (let i = 0; i < repeats; i += 1)
        loads.push({ kind: 'warm', load: await loadFresh(ctx.server.endpoint, chapter, false) });
      for (let i = 0; i < repeats; i += 1)
        loads.push({ kind: 'warmDeflate', load: await loadFresh(ctx.server.endpoint, chapter, true) });
    } finally {
      holder.destroy();
    }
    if (ctx.sut.storage === 'persistent') loads.push(...(await loadAfterRestarts(ctx, chapter)));
    record(run, loads, chapter);
    return run;
  },
};

async function loadAfterRestarts(
  ctx: ScenarioContext,
  chapter: BuiltChapter,
): Promise<{ kind: string; load: FreshLoad }[]> {
  const loads: { kind: string; load: FreshLoad }[] = [];
  for (const isDeflateOffered of [false, true]) {
    await sleep(FLUSH_WAIT_MS);
    const server = await ctx.restart();
    ctx.log(`restarted; loading from storage${isDeflateOffered ? ' with deflate' : ''}`);
    loads.push({
      kind: isDeflateOffered ? 'restartDeflate' : 'restart',
      load: await loadFresh(server.endpoint, chapter, isDeflateOffered),
    });
  }
  return loads;
}

async function waitUntilServerHas(endpoint: SyncEndpoint, chapter: BuiltChapter): Promise<void> {
  const checker = connectClient(endpoint, DOC_NAME);
  try {
    await waitFor(() => checker.text.length === chapter.text.length, {
      timeoutMs: 60_000,
      description: `uploaded chapter did not come back from the server (${checker.text.length} of ${chapter.text.length} chars)`,
      pollMs: 50,
    });
  } finally {
    checker.destroy();
  }
}

/** One fresh client: time to synced, whether the text was complete then, and bytes received. */
async function loadFresh(
  endpoint: SyncEndpoint,
  chapter: BuiltChapter,
  isDeflateOffered: boolean,
): Promise<FreshLoad> {
  const client = connectClient(endpoint, DOC_NAME, { isDeflateOffered });
  try {
    await client.whenSynced(SYNC_TIMEOUT_MS);
    const syncedMs = (client.syncedAtMs ?? Number.NaN) - client.connectStartedMs;
    const wireBytes = client.stats.wireBytesIn;
    const payloadBytes = client.stats.payloadBytesIn;
    const isTextAtSync = client.textLengthAtSync === chapter.text.length;
    const fullTextMs = isTextAtSync ? syncedMs : await msUntilFullText(client, chapter);
    if (fullTextMs !== null && client.text.toString() !== chapter.text)
      throw new Error('loaded chapter text differs from the trace');
    return { syncedMs, isTextAtSync, fullTextMs, wireBytes, payloadBytes };
  } finally {
    client.destroy();
  }
}

/** Connect → full text for a client that synced without it; null if it never arrives. */
async function msUntilFullText(client: SyncClient, chapter: BuiltChapter): Promise<number | null> {
  const deadline = performance.now() + FULL_TEXT_TIMEOUT_MS;
  while (client.text.length !== chapter.text.length) {
    if (performance.now() > deadline) return null;
    await sleep(5);
  }
  return performance.now() - client.connectStartedMs;
}

function record(
  run: ScenarioRun,
  loads: readonly { kind: string; load: FreshLoad }[],
  chapter: BuiltChapter,
): void {
  const median = (kind: string, pick: (load: FreshLoad) => number | null): number | null =>
    percentile(
      loads
        .filter((entry) => entry.kind === kind)
        .flatMap((entry) => [pick(entry.load)].filter((v): v is number => v !== null)),
      50,
    );
  const syncedIfComplete = (load: FreshLoad) => (load.isTextAtSync ? load.syncedMs : null);
  Object.assign(run.values, {
    warmSyncedMs: median('warm', syncedIfComplete),
    warmWireKB: median('warm', (load) => load.wireBytes / 1000),
    warmDeflateSyncedMs: median('warmDeflate', syncedIfComplete),
    warmDeflateWireKB: median('warmDeflate', (load) => load.wireBytes / 1000),
    restartSyncedMs: median('restart', syncedIfComplete),
    restartFullTextMs: median('restart', (load) => load.fullTextMs),
    restartDeflateSyncedMs: median('restartDeflate', syncedIfComplete),
    textAtSyncedShare: loads.filter((entry) => entry.load.isTextAtSync).length / Math.max(1, loads.length),
  });
  for (const { kind, load } of loads) {
    if (load.isTextAtSync) continue;
    run.failures.push(
      `${kind}: reported synced after ${load.syncedMs.toFixed(1)} ms without the text ` +
        `(full ${chapter.text.length} chars ${load.fullTextMs === null ? 'never arrived' : `after ${load.fullTextMs.toFixed(1)} ms`})`,
    );
  }
}

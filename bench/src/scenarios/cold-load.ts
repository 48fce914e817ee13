import * as Y from 'yjs';
import { connectClient, destroyAll } from '../clients/connect-client';
import type { SyncClient } from '../clients/sync-client';
import { percentile } from '../metrics';
import type { SyncEndpoint } from '../servers/server-under-test';
import { automergePaperChapter, type BuiltChapter } from '../sim/editing-trace';
import { sleep, waitFor } from '../wait';
import { emptyRun, metric, type Scenario, type ScenarioContext, type ScenarioRun } from './scenario';

/** The measured chapter, and a copy loaded first after a restart to warm the process. */
const DOC_NAME = 'paper/automerge-paper';
const COPY_NAME = 'paper/automerge-paper-copy';
/**
 * Pause between the last client leaving and SIGTERM. Every server here writes on unload or on
 * SIGTERM (Hocuspocus stores at once when the last client leaves, y-leveldb on every update,
 * wethink flushes on shutdown); the pause only keeps the restart from racing those writes.
 */
const FLUSH_WAIT_MS = 1_500;
const SYNC_TIMEOUT_MS = 30_000;
const FULL_TEXT_TIMEOUT_MS = 15_000;

type LoadKind = 'warm' | 'warmDeflate' | 'restart' | 'storage' | 'restartDeflate' | 'storageDeflate';

interface FreshLoad {
  kind: LoadKind;
  syncedMs: number;
  isTextAtSync: boolean;
  fullTextMs: number | null;
  wireBytes: number;
}

/**
 * Scenario 4: the automerge-paper trace (259,778 edits, 104,852 chars) as one chapter, a Y.Text
 * named `chapter`, uploaded as its encoded state (twice: the chapter and a copy). A fresh
 * client's time from connect to synced and bytes received: from a warm server (chapter loaded, a
 * client holding it); for persistent servers also right after a restart (the copy, first thing
 * the new process loads) and from storage with the process warm (the chapter, loaded next).
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
    metric('restartSyncedMs', 'first load after restart: connect → synced', 'ms', 'lower', 2),
    metric('restartFullTextMs', 'first load after restart: connect → full text', 'ms', 'lower', 2),
    metric('storageSyncedMs', 'from storage, process warm: connect → synced', 'ms', 'lower', 2),
    metric(
      'storageDeflateSyncedMs',
      'from storage, process warm, deflate: connect → synced',
      'ms',
      'lower',
      2,
    ),
    metric('textAtSyncedShare', 'fresh clients with the full text at synced', 'share', 'none', 2),
  ],
  run: async (ctx) => {
    const run = emptyRun();
    const chapter = automergePaperChapter();
    const loads: FreshLoad[] = [];
    await ctx.server.endpoint.access.prepare([DOC_NAME, COPY_NAME]);
    const holders = [DOC_NAME, COPY_NAME].map((name) => connectClient(ctx.server.endpoint, name));
    try {
      await upload(ctx.server.endpoint, holders, chapter);
      const repeats = ctx.isQuick ? 3 : 5;
      for (const kind of ['warm', 'warmDeflate'] as const) {
        for (let i = 0; i < repeats; i += 1)
          loads.push(await loadFresh(ctx.server.endpoint, DOC_NAME, chapter, kind));
      }
    } finally {
      destroyAll(holders);
    }
    if (ctx.sut.storage === 'persistent') loads.push(...(await loadAfterRestarts(ctx, chapter)));
    record(run, loads, chapter);
    return run;
  },
};

async function upload(
  endpoint: SyncEndpoint,
  holders: readonly SyncClient[],
  chapter: BuiltChapter,
): Promise<void> {
  await Promise.all(holders.map((holder) => holder.whenSynced(SYNC_TIMEOUT_MS)));
  for (const holder of holders) Y.applyUpdate(holder.doc, chapter.state);
  for (const name of [DOC_NAME, COPY_NAME]) {
    const checker = connectClient(endpoint, name);
    try {
      await waitFor(() => checker.text.length === chapter.text.length, {
        timeoutMs: 60_000,
        description: `uploaded ${name} did not come back from the server (${checker.text.length} of ${chapter.text.length} chars)`,
        pollMs: 50,
      });
    } finally {
      checker.destroy();
    }
  }
}

async function loadAfterRestarts(ctx: ScenarioContext, chapter: BuiltChapter): Promise<FreshLoad[]> {
  const loads: FreshLoad[] = [];
  for (const [first, second] of [
    ['restart', 'storage'],
    ['restartDeflate', 'storageDeflate'],
  ] as const) {
    await sleep(FLUSH_WAIT_MS);
    const server = await ctx.restart();
    ctx.log(`restarted (${first})`);
    // Before the timed loads: with sqlite the account and tokens survive, so this is a lookup.
    await server.endpoint.access.prepare([DOC_NAME, COPY_NAME]);
    loads.push(await loadFresh(server.endpoint, COPY_NAME, chapter, first));
    loads.push(await loadFresh(server.endpoint, DOC_NAME, chapter, second));
  }
  return loads;
}

/** One fresh client: time to synced, whether the text was complete then, and bytes received. */
async function loadFresh(
  endpoint: SyncEndpoint,
  docName: string,
  chapter: BuiltChapter,
  kind: LoadKind,
): Promise<FreshLoad> {
  const client = connectClient(endpoint, docName, { isDeflateOffered: kind.endsWith('Deflate') });
  try {
    await client.whenSynced(SYNC_TIMEOUT_MS);
    const syncedMs = (client.syncedAtMs ?? Number.NaN) - client.connectStartedMs;
    const wireBytes = client.stats.wireBytesIn;
    const isTextAtSync = client.textLengthAtSync === chapter.text.length;
    const fullTextMs = isTextAtSync ? syncedMs : await msUntilFullText(client, chapter);
    if (fullTextMs !== null && client.text.toString() !== chapter.text) {
      throw new Error(`${kind}: loaded chapter text differs from the trace`);
    }
    return { kind, syncedMs, isTextAtSync, fullTextMs, wireBytes };
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

function record(run: ScenarioRun, loads: readonly FreshLoad[], chapter: BuiltChapter): void {
  const median = (kind: LoadKind, pick: (load: FreshLoad) => number | null): number | null =>
    percentile(
      loads
        .filter((load) => load.kind === kind)
        .flatMap((load) => [pick(load)].filter((v): v is number => v !== null)),
      50,
    );
  // A load that reported synced without the text has no "synced" time: it is a failure.
  const syncedIfComplete = (load: FreshLoad) => (load.isTextAtSync ? load.syncedMs : null);
  Object.assign(run.values, {
    warmSyncedMs: median('warm', syncedIfComplete),
    warmWireKB: median('warm', (load) => load.wireBytes / 1000),
    warmDeflateSyncedMs: median('warmDeflate', syncedIfComplete),
    warmDeflateWireKB: median('warmDeflate', (load) => load.wireBytes / 1000),
    restartSyncedMs: median('restart', syncedIfComplete),
    restartFullTextMs: median('restart', (load) => load.fullTextMs),
    storageSyncedMs: median('storage', syncedIfComplete),
    storageDeflateSyncedMs: median('storageDeflate', syncedIfComplete),
    textAtSyncedShare: loads.filter((load) => load.isTextAtSync).length / Math.max(1, loads.length),
  });
  for (const load of loads) {
    if (load.isTextAtSync) continue;
    const arrival =
      load.fullTextMs === null ? 'never arrived' : `arrived after ${load.fullTextMs.toFixed(1)} ms`;
    run.failures.push(
      `${load.kind}: reported synced after ${load.syncedMs.toFixed(1)} ms without the text (all ${chapter.text.length} chars ${arrival})`,
    );
  }
}

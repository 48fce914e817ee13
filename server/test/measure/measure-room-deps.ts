import { HistoryRecorder } from '../../src/history/history-recorder';
import { silentLogger } from '../../src/logger';
import type { DocumentStore } from '../../src/storage/document-store';
import { GroupCommit } from '../../src/sync/group-commit';
import type { RoomDeps } from '../../src/sync/room';
import { noopSyncMetrics } from '../../src/sync/sync-metrics';

/**
 * What a measure script's rooms run with: the server's defaults, silent, a group commit that
 * fsyncs through `store` only when `isFsynced`, and a history recorder when `hasHistory`.
 */
export function measureRoomDeps(
  store: DocumentStore,
  options: { hasHistory: boolean; isFsynced: boolean },
): RoomDeps & { history?: HistoryRecorder } {
  const groupCommit = new GroupCommit({
    sync: options.isFsynced ? () => store.sync() : () => Promise.resolve(),
    delayMs: 2,
    onError: (error) => {
      throw error;
    },
  });
  const history = options.hasHistory
    ? new HistoryRecorder({
        store,
        logger: silentLogger,
        config: { versionQuietMs: 60_000, versionMaxWaitMs: 900_000, contributionFlushMs: 1_000 },
      })
    : undefined;
  return {
    store,
    groupCommit,
    logger: silentLogger,
    metrics: noopSyncMetrics,
    compactAfterUpdates: 1_000,
    compactQuietMs: 2_000,
    maxAwarenessClientsPerPeer: 8,
    maxAwarenessStateBytes: 16_384,
    ...(history ? { history } : {}),
  };
}

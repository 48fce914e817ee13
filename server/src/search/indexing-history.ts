import type * as Y from 'yjs';
import type { DocName } from '@wethink/shared';
import type { RoomHistory, RoomHistoryFactory } from '../sync/room-history';
import type { ChapterIndexer } from './chapter-indexer';

/**
 * The rooms' history factory with the search indexer beside it: each chapter room that loads is
 * also followed by the indexer. Wired once in server.ts, so the sync layer is unchanged.
 */
export function withSearchIndexing(history: RoomHistoryFactory, indexer: ChapterIndexer): RoomHistoryFactory {
  return {
    attach(name: DocName, doc: Y.Doc): RoomHistory | null {
      const inner = history.attach(name, doc);
      const stop = indexer.attach(name, doc);
      if (stop === null) return inner;
      return {
        writerLeft: (writersLeft) => inner?.writerLeft(writersLeft),
        dispose: () => {
          stop();
          inner?.dispose();
        },
      };
    },
    flush: async () => {
      await history.flush();
      await indexer.flush();
    },
  };
}

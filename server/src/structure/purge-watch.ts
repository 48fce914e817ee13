import type * as Y from 'yjs';
import { docKindOf, purgedOf, type DocName } from '@wethink/shared';
import type { RoomHistory, RoomHistoryFactory } from '../sync/room-history';

/**
 * Tells `onPurged` about each chapter a book's index records as purged while this instance holds
 * the index loaded, wherever the purge happened: with several instances, the one that purged
 * closes its own rooms, and the others learn it here (the index's change reaches them like any
 * update) and close theirs. Composed like the search indexer, around the history's attach.
 */
export function withPurgeWatch(
  history: RoomHistoryFactory,
  onPurged: (chapter: DocName) => void,
): RoomHistoryFactory {
  return {
    attach(name: DocName, doc: Y.Doc): RoomHistory | null {
      const inner = history.attach(name, doc);
      if (docKindOf(name) !== 'book') return inner;
      const purged = purgedOf(doc);
      const onChange = (event: Y.YMapEvent<number>) => {
        for (const [chapterId, change] of event.changes.keys) {
          if (change.action === 'add') onPurged(`${name}/${chapterId}` as DocName);
        }
      };
      purged.observe(onChange);
      return {
        writerLeft: (writersLeft) => inner?.writerLeft(writersLeft),
        dispose: () => {
          purged.unobserve(onChange);
          inner?.dispose();
        },
      };
    },
    flush: () => history.flush(),
  };
}

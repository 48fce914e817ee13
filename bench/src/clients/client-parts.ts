import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CHAPTER_TEXT_NAME, type ClientOptions, type SyncClient } from './sync-client';
import { SyncTracker } from './sync-tracker';
import { TransportStats } from './transport-stats';

/** What every simulated client has, whatever provider library connects it. */
export interface ClientParts {
  doc: Y.Doc;
  text: Y.Text;
  awareness: Awareness;
  stats: TransportStats;
  tracker: SyncTracker;
}

export function createClientParts(docName: string, options: ClientOptions): ClientParts {
  const doc = new Y.Doc();
  const text = doc.getText(CHAPTER_TEXT_NAME);
  const awareness = new Awareness(doc);
  if (options.user) awareness.setLocalStateField('user', options.user);
  const stats = new TransportStats();
  return { doc, text, awareness, stats, tracker: new SyncTracker(docName, text, stats) };
}

/** The client a scenario sees; `closeProvider` runs first on destroy, then the document goes. */
export function syncClientOf(
  parts: ClientParts,
  connectStartedMs: number,
  closeProvider: () => void,
): SyncClient {
  const { doc, text, awareness, stats, tracker } = parts;
  return {
    doc,
    text,
    awareness,
    stats,
    connectStartedMs,
    get syncedAtMs() {
      return tracker.syncedAtMs;
    },
    get textLengthAtSync() {
      return tracker.textLengthAtSync;
    },
    whenSynced: (timeoutMs) => tracker.whenSynced(timeoutMs),
    destroy: () => {
      closeProvider();
      awareness.destroy();
      doc.destroy();
    },
  };
}

import pLimit from 'p-limit';
import * as Y from 'yjs';
import { commentsDocOf, suggestionsOf, type DocName, type SuggestionRecord } from '@wethink/shared';
import type { UpdateFeed } from '../storage/document-store';
import type { PostgresDatabase } from '../storage/postgres/postgres-database';

/** The chapter's suggestions as the database holds them; null when this process's room is the truth. */
export type StoredSuggestions = () => Promise<ReadonlyMap<string, SuggestionRecord> | null>;

/**
 * Where deciding a suggestion is made exclusive across processes. Within one process the comments
 * room's turns already run decisions one at a time; with several instances (Redis + PostgreSQL)
 * each holds its own replica of the comments document, which may not have seen a decision
 * another instance stored a moment ago. The gate then holds a lock per chapter and reads the
 * stored record (the update log is the truth), so of two writers accepting at once the second
 * finds it accepted and the change is applied once.
 */
export interface DecisionGate {
  run<T>(chapter: DocName, work: (stored: StoredSuggestions) => Promise<T>): Promise<T>;
}

/** One process serves the chapter: its room's turns are the lock and its document the truth. */
export const localDecisionGate: DecisionGate = {
  run: (_chapter, work) => work(async () => null),
};

/**
 * Decisions one instance holds a transaction open for at once. Each holds a pool connection while
 * its change is stored through other connections: unbounded, a burst of decisions on as many
 * chapters as the pool has connections would leave none to store them, and wait forever.
 */
const MAX_OPEN_DECISIONS = 2;

/**
 * Several instances on one PostgreSQL: a transaction-level advisory lock per chapter (released
 * at COMMIT or on a dropped connection, never leaked across pool checkouts), held while the
 * decision is applied and its record stored. At most MAX_OPEN_DECISIONS at a time here.
 */
export function createPostgresDecisionGate(deps: { db: PostgresDatabase; feed: UpdateFeed }): DecisionGate {
  const limit = pLimit(MAX_OPEN_DECISIONS);
  const stored = (chapter: DocName) => async () => {
    const tail = await deps.feed.readSince(commentsDocOf(chapter), 0);
    const doc = new Y.Doc();
    try {
      if (tail.state) Y.applyUpdate(doc, tail.state.data);
      for (const row of tail.updates) Y.applyUpdate(doc, row.data);
      return new Map(suggestionsOf(doc).entries());
    } finally {
      doc.destroy();
    }
  };
  return {
    run: (chapter, work) =>
      limit(() =>
        deps.db.transaction(async (tx) => {
          await tx.query("SELECT pg_advisory_xact_lock(hashtext('suggestion-decision:' || $1))", [chapter]);
          return work(stored(chapter));
        }),
      ),
  };
}

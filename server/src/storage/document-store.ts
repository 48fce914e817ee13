import type { DocName } from '@wethink/shared';

/** What storage holds for one document: a merged state plus the log appended since. */
export interface StoredDocument {
  /** Merged state written by the last compaction, or null before the first one. */
  state: Uint8Array | null;
  /** Updates appended after that state, oldest first. */
  updates: Uint8Array[];
  /** Sequence number of the newest row (state or update); 0 for a document never written. */
  lastSeq: number;
}

/**
 * Durable storage of documents as an append-only update log with periodic compaction.
 *
 * Invariants the sync layer relies on:
 * - `appendUpdate` is synchronous and, once it returns, the update survives a crash of this
 *   process (not necessarily a power cut): the room relays an update only after it returns.
 * - `sync` resolves once every append that returned before the call survives a power cut too;
 *   durable-save acks are sent only after it. Callers batch (group commit).
 * - `compact` atomically replaces the log up to `throughSeq` with `state`; a crash leaves either
 *   the old rows or the new state, never neither.
 * - `load` of a document never written returns an empty log, never throws for that. Any failure to
 *   read throws: callers must not mistake a failed read for an empty document.
 */
export interface DocumentStore {
  load(name: DocName): Promise<StoredDocument>;
  appendUpdate(name: DocName, update: Uint8Array): number;
  sync(): Promise<void>;
  compact(name: DocName, state: Uint8Array, throughSeq: number): Promise<void>;
  close(): Promise<void>;
}

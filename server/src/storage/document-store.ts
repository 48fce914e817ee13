import type { DocName } from '@wethink/shared';

/** What storage holds for one document: a merged state plus the log appended since. */
export interface StoredDocument {
  /** Merged state written by the last compaction, or null before the first one. */
  state: Uint8Array | null;
  /** Updates appended after that state, oldest first. */
  updates: Uint8Array[];
  /** Sequence number of the newest row (state or update); 0 for a document never written. */
  lastSeq: number;
  /** Client id → principal (`user:<id>`) bindings made by `bindClients`, in any order. */
  clientOwners: Map<number, string>;
  /**
   * Whether every blob was written by a server whose guard refuses what Yjs never writes (issue
   * 16). False for data an older server stored: the room repairs it on load and compacts it.
   */
  isChecked: boolean;
}

/** Contribution counts of one user in one chapter during one minute (`minuteMs` is its start). */
export interface ContributionRow {
  doc: DocName;
  userId: string;
  minuteMs: number;
  charsInserted: number;
  charsDeleted: number;
  wordsAdded: number;
  wordsRemoved: number;
}

/** The Yjs id ranges one user deleted in a chapter (encoded by history/id-ranges.ts). */
export interface DeletionRow {
  doc: DocName;
  userId: string;
  atMs: number;
  ranges: Uint8Array;
}

export type VersionKind = 'auto' | 'named';

export interface NewVersion {
  doc: DocName;
  kind: VersionKind;
  name: string | null;
  createdAt: number;
  /** User id of who asked for it; null for automatic versions. */
  createdBy: string | null;
  /** The document as of the version, in whatever encoding history chose (opaque here). */
  state: Uint8Array;
  /** The version `state` is relative to (null: `state` stands alone). */
  baseId: number | null;
  /** Versions back to the nearest one that stands alone (0 for that one). */
  depth: number;
  /** The Yjs snapshot (state vector + delete set) of the same moment. */
  snapshot: Uint8Array;
}

export interface VersionMeta {
  id: number;
  doc: DocName;
  kind: VersionKind;
  name: string | null;
  createdAt: number;
  createdBy: string | null;
  baseId: number | null;
  depth: number;
  stateBytes: number;
}

export type StoredVersion = VersionMeta & { state: Uint8Array; snapshot: Uint8Array };

/** Which contribution rows to list: one chapter, or every chapter of a book; `[fromMs, toMs)`. */
export interface ContributionQuery {
  scope: { doc: DocName } | { bookId: string };
  fromMs: number;
  toMs: number;
}

/**
 * Durable storage of documents as an append-only update log with periodic compaction.
 *
 * Invariants the sync layer relies on:
 * - `appendUpdates` is synchronous and atomic: once it returns, every update it was given
 *   survives a crash of this process (not necessarily a power cut); if it throws, none of them
 *   was stored. A room gathers the updates it accepts during one event-loop turn, stores them in
 *   one call at the end of the turn, and only then applies them to its live document, relays them
 *   and acks them as received. `appendUpdate` is the same for one update.
 * - `sync` resolves once every append that returned before the call survives a power cut too;
 *   durable-save acks are sent only after it. Callers batch (group commit).
 * - `compact` atomically replaces the log up to `throughSeq` with `state`; a crash leaves either
 *   the old rows or the new state, never neither.
 * - `load` of a document never written returns an empty log, never throws for that. Any failure to
 *   read throws: callers must not mistake a failed read for an empty document.
 */
export interface DocumentStore {
  load(name: DocName): Promise<StoredDocument>;
  /** Appends one update; returns its sequence number. */
  appendUpdate(name: DocName, update: Uint8Array): number;
  /**
   * Appends `updates` in order, all or none (one transaction); returns the sequence number of the
   * last. Sequence numbers increase in append order. Throws a `RangeError` when `updates` is empty.
   */
  appendUpdates(name: DocName, updates: readonly Uint8Array[]): number;
  sync(): Promise<void>;
  compact(name: DocName, state: Uint8Array, throughSeq: number): Promise<void>;
  close(): Promise<void>;

  /**
   * Binds client ids to a principal, synchronously like `appendUpdate` (the room binds before it
   * relays). A client id already bound keeps its first principal.
   */
  bindClients(name: DocName, clientIds: readonly number[], principal: string): void;
  /** Adds the counts to the rows with the same (doc, user, minute) and appends the deletions, atomically. */
  recordContributions(rows: readonly ContributionRow[], deletions: readonly DeletionRow[]): Promise<void>;
  /** Rows in the query's scope and time range, oldest minute first. */
  listContributions(query: ContributionQuery): Promise<ContributionRow[]>;
  /** Every deletion record of a chapter, oldest first. */
  listDeletions(name: DocName): Promise<DeletionRow[]>;
  /** Stores a version; ids increase with creation order. */
  saveVersion(version: NewVersion): Promise<VersionMeta>;
  /** A chapter's versions, oldest first, without their state. */
  listVersions(name: DocName): Promise<VersionMeta[]>;
  /** One version with its state, or null when the chapter has no version with that id. */
  loadVersion(name: DocName, id: number): Promise<StoredVersion | null>;
  /** The newest version of a chapter, or null. */
  latestVersion(name: DocName): Promise<StoredVersion | null>;
  /** Names of the chapters (`<bookId>/…`) of a book that hold anything, sorted. */
  listChapters(bookId: string): Promise<DocName[]>;
}

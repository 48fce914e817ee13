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
 * A chapter's update log: every accepted update, appended before anyone sees it, folded into one
 * state by compaction. Every method is asynchronous, so a database across the network fits.
 *
 * Invariants the sync layer relies on:
 * - `appendUpdates` is atomic: once its promise resolves, every update it was given is committed
 *   and survives a crash of this process (SQLite: in the WAL; PostgreSQL: committed); if it
 *   rejects, none was stored. Sequence numbers increase in commit order (PostgreSQL: gap-free
 *   per document). A room gathers the updates it accepts while its previous append is in flight and
 *   stores them in one call: at most one transaction per room turn.
 * - `sync` resolves once every append that resolved before the call survives a power cut too;
 *   durable-save acks are sent only after it (SQLite: an fsync of the WAL; PostgreSQL: the COMMIT
 *   already was).
 * - `compact` atomically replaces the log up to `throughSeq` with `state`; a crash leaves either
 *   the old rows or the new state, never neither.
 * - `load` reads the state, the updates after it and the client-id bindings as one snapshot; a
 *   document never written loads as an empty log. Any failure to read rejects: callers must not
 *   mistake a failed read for an empty document.
 */
export interface UpdateLog {
  load(name: DocName): Promise<StoredDocument>;
  /**
   * Appends `updates` in order, all or none (one transaction); resolves with the sequence number
   * of the last. Rejects with a `RangeError` when `updates` is empty.
   */
  appendUpdates(name: DocName, updates: readonly Uint8Array[]): Promise<number>;
  sync(): Promise<void>;
  /**
   * Resolves true once stored; false when the stored state already folds `throughSeq` or more
   * (another process compacted as far or further: its state stays).
   */
  compact(name: DocName, state: Uint8Array, throughSeq: number): Promise<boolean>;
}

/** Which user each Yjs client id of a document belongs to: the first who wrote with it. */
export interface ClientBindings {
  /**
   * Binds client ids to a principal; resolves once stored (the room binds before it stores the
   * updates that use them). A client id already bound keeps its first principal.
   */
  bindClients(name: DocName, clientIds: readonly number[], principal: string): Promise<void>;
}

/** Contributions, deletions and versions: what the history of a chapter is built from. */
export interface HistoryStore {
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
}

/** Which chapters hold anything. */
export interface ChapterIndex {
  /** Names of the chapters (`<bookId>/…`) of a book that hold anything, sorted. */
  listChapters(bookId: string): Promise<DocName[]>;
  /** Every document with an update log or a compacted state, sorted (`wethink migrate`). */
  listDocuments(): Promise<DocName[]>;
}

/** What a document's log holds past a sequence number another process has not applied yet. */
export interface LogTail {
  /** The document's head: every sequence number up to it is in `state` or `updates`. */
  head: number;
  /** A compacted state that folded rows past the asked-for number (they are gone as rows). */
  state: { data: Uint8Array; throughSeq: number } | null;
  /** Rows past the asked-for number and past `state`, oldest first. */
  updates: { seq: number; data: Uint8Array }[];
  /** Every client-id binding of the document. */
  clientOwners: Map<number, string>;
}

/**
 * The log read by sequence number, for several processes serving one document: each applies what
 * the others stored (PostgreSQL only: its per-document numbers have no gaps, so "everything up to
 * n" is a thing a process can hold and check).
 */
export interface UpdateFeed {
  /** One snapshot of everything stored after `afterSeq`. */
  readSince(name: DocName, afterSeq: number): Promise<LogTail>;
  /** The head of each named document that has one. */
  heads(names: readonly DocName[]): Promise<Map<DocName, number>>;
}

/** Removing documents for good: an owner purging a chapter from the trash (issue 21). */
export interface DocumentPurge {
  /**
   * Deletes everything stored about each named document, atomically: its update log, compacted
   * state, client-id bindings, contributions, deletion records and versions. Documents not named
   * are untouched; a name with nothing stored is a no-op. Callers make sure no room holds them.
   */
  purgeDocuments(names: readonly DocName[]): Promise<void>;
}

/** Everything wethink stores about documents, behind one storage engine; chosen once, in server.ts. */
export interface DocumentStore extends UpdateLog, ClientBindings, HistoryStore, ChapterIndex, DocumentPurge {
  close(): Promise<void>;
}

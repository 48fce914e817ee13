import type { AwarenessEntry, DocName } from '@wethink/shared';
import type { LogTail } from '../storage/document-store';

/**
 * Several wethink instances serve one document: PostgreSQL numbers its updates, and each instance
 * applies what the others stored. These are the sync layer's ports for that; `scale/` implements
 * them over Redis. An instance without them (one process, any storage) is the whole story itself.
 */

/** Updates one instance stored in one append, numbered `from..to` (inclusive) by the database. */
export interface ReplicaEntry {
  from: number;
  to: number;
  updates: Uint8Array[];
  /** Client ids the append newly bound, and to whom: the guard of every instance needs them. */
  claims: [clientId: number, principal: string][];
}

/** What a room tells, and asks, the other instances. */
export interface ReplicaLink {
  /** What the database holds past `afterSeq` (the truth a lost or late message is filled from). */
  readSince(afterSeq: number): Promise<LogTail>;
  /** Stored updates, for the other instances; best effort, after the commit. */
  publishUpdates(entry: ReplicaEntry): void;
  /** Awareness changes of this instance's peers; best effort, never stored. */
  publishAwareness(entries: readonly AwarenessEntry[]): void;
  /** The room is going: stop delivering to it. */
  detach(): void;
}

/** What the other instances deliver to a room. */
export interface ReplicaRoom {
  readonly name: DocName;
  /** Updates another instance stored. */
  receiveUpdates(entry: ReplicaEntry): void;
  /** The database's head for this document is `head`: catch up if this room is behind it. */
  noteHead(head: number): void;
  /** Awareness changes of another instance's peers. */
  receiveAwareness(instance: string, entries: readonly AwarenessEntry[]): void;
  /** The awareness states of this instance's own peers (another instance loaded the room). */
  localAwareness(): AwarenessEntry[];
  /** An instance is gone (stopped or dead): its peers' cursors go with it. */
  dropInstance(instance: string): void;
}

/** Connects each loaded room to the other instances; one per process. */
export interface ReplicaHub {
  attach(room: ReplicaRoom): ReplicaLink;
}

/**
 * The transaction origin of updates another instance stored: that instance counted them for the
 * history (attributed to whoever wrote them); here they only bring the document up to date.
 */
export const REPLICA_ORIGIN = Object.freeze({ kind: 'replica' as const });

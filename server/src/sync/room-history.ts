import type * as Y from 'yjs';
import type { DocName } from '@wethink/shared';

/**
 * Who made a change to a room's document: the transaction origin of every accepted update. A
 * `Peer` is one (a connection's update); the server makes others (a restore, on a user's behalf).
 */
export interface WriteOrigin {
  readonly principal: string;
}

export function isWriteOrigin(origin: unknown): origin is WriteOrigin {
  return (
    typeof origin === 'object' &&
    origin !== null &&
    typeof (origin as Partial<WriteOrigin>).principal === 'string'
  );
}

/** The user id behind a principal (`user:<id>`), or null for anonymous test peers. */
export function userIdOfPrincipal(principal: string): string | null {
  return principal.startsWith('user:') ? principal.slice('user:'.length) : null;
}

/**
 * What a room tells the history of its document. The room only reports its lifecycle; the
 * history implementation observes the document's transactions itself (their origin is a
 * `WriteOrigin`) and must keep that per-transaction work cheap and free of IO.
 */
export interface RoomHistory {
  /** A peer that could write left; `writersLeft` can still write. */
  writerLeft(writersLeft: number): void;
  /** The room is being dropped: stop timers and listeners (pending writes still complete). */
  dispose(): void;
}

/** Creates the history of each room as it loads; one per server. */
export interface RoomHistoryFactory {
  /** The history of a room that just loaded, or null when the document keeps none. */
  attach(name: DocName, doc: Y.Doc): RoomHistory | null;
  /** Resolves once everything recorded so far (contributions, versions) is stored. */
  flush(): Promise<void>;
}

import type * as Y from 'yjs';
import type { DocName } from '@wethink/shared';

/**
 * Who made a change to a room's document: the transaction origin of every accepted update. A
 * peer's update carries its connection; the server writes on a user's behalf (a restore) or as
 * itself (comments), and says why. `principal` is who the change is attributed to, either way.
 */
export type WriteOrigin =
  | { readonly kind: 'peer'; readonly principal: string; readonly peerId: number }
  | { readonly kind: 'server'; readonly principal: string; readonly reason: ServerWriteReason };

export type ServerWriteReason = 'restore' | 'comment' | 'import' | 'suggestion' | 'moderation';

export function isWriteOrigin(origin: unknown): origin is WriteOrigin {
  if (typeof origin !== 'object' || origin === null) return false;
  const { kind, principal } = origin as Partial<WriteOrigin>;
  return (kind === 'peer' || kind === 'server') && typeof principal === 'string';
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

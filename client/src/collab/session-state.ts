import type { Peer } from './presence';
import type { SaveSummary } from './save-tracker';

/**
 * Where a session's socket stands. `offline`: the last attempt failed and a retry with backoff is
 * scheduled (edits stay on this device). `refused`: the server closed with a code that retrying
 * cannot fix (see `isRetryable`); the session stops trying.
 */
export const ConnectionStatus = {
  connecting: 'connecting',
  live: 'live',
  offline: 'offline',
  refused: 'refused',
} as const;
export type ConnectionStatus = (typeof ConnectionStatus)[keyof typeof ConnectionStatus];

/** Everything a component may know about a session: plain data, replaced on every change. */
export interface SessionState {
  docName: string;
  connection: ConnectionStatus;
  /** Close code and meaning when `connection` is `refused`. */
  refusal: { code: number; reason: string } | null;
  /**
   * How many times the server closed with `roleChanged` (4205): the member's role in the book
   * changed, so the app asks the API for the new one. The provider reconnects by itself.
   */
  roleChanges: number;
  /** IndexedDB has been read into the document. */
  isLoadedFromDevice: boolean;
  /** The server's state has been merged at least once in this session. */
  hasSyncedWithServer: boolean;
  save: SaveSummary;
  peers: readonly Peer[];
}

/** Tells the session when the browser goes on or offline; `window` events in the app. */
export interface NetworkSignal {
  isOnline(): boolean;
  subscribe(listener: (isOnline: boolean) => void): () => void;
}

/** Remembers how many unsaved changes a document left in IndexedDB when its tab closed. */
export interface UnsavedChangesStore {
  read(docName: string): number;
  write(docName: string, count: number): void;
}

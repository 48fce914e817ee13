import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { SyncEndpoint } from '../servers/server-under-test';
import type { TransportStats } from './transport-stats';

/** The shared type every scenario edits: a `Y.Text` named `chapter` (not a ProseMirror fragment). */
export const CHAPTER_TEXT_NAME = 'chapter';

export interface ClientOptions {
  /** Offer permessage-deflate (default false, so frame sizes are the protocol's own). */
  isDeflateOffered?: boolean;
  /** Presence state published on connect, as an editor would; null publishes none. */
  user?: { name: string; color: string } | null;
}

/**
 * One simulated author or reader: a Y.Doc kept in sync with one chapter over its own socket.
 * Connecting starts at construction; `destroy` closes the socket and frees the document.
 */
export interface SyncClient {
  readonly doc: Y.Doc;
  readonly text: Y.Text;
  readonly awareness: Awareness;
  readonly stats: TransportStats;
  /** performance.now() when the client started connecting. */
  readonly connectStartedMs: number;
  /** performance.now() of the first sync with the server, or null before it. */
  readonly syncedAtMs: number | null;
  /** Length of the text at the moment the first sync completed. */
  readonly textLengthAtSync: number | null;
  /** Resolves on the first sync; rejects after `timeoutMs`. */
  whenSynced(timeoutMs: number): Promise<void>;
  destroy(): void;
}

export type ConnectClient = (endpoint: SyncEndpoint, docName: string, options?: ClientOptions) => SyncClient;

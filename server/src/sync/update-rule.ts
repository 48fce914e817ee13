import type * as Y from 'yjs';
import type { DocName } from '@wethink/shared';

/**
 * What a kind of document allows a connection to change, beyond the structural checks every
 * update passes (update-guard.ts). Asked after those checks and before the update is queued;
 * throws `AppError` to refuse it (the peer is closed with its code, nothing is stored or applied).
 * Server writes are not asked: the server's own changes are made by code that keeps the rules.
 */
export interface UpdateRule {
  admit(update: Uint8Array, principal: string): void;
}

/** Picks a document's rule by its name; null for documents without one. */
export type UpdateRules = (name: DocName, live: () => Y.Doc) => UpdateRule | null;

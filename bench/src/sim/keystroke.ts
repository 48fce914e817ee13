import * as Y from 'yjs';
import type { SyncClient } from '../clients/sync-client';

const ALPHABET = 'etaoin shrdlu cmfwyp vbgkqj xz';

/** Where one author types; advances as they type, clamped to the text as others edit. */
export interface Caret {
  index: number;
}

/**
 * Types one character at the author's caret in its own transaction. With `isCursorShared`, the
 * caret also moves in awareness as a relative position, the way y-prosemirror's cursor plugin
 * publishes a selection after each local change.
 */
export function typeCharacter(
  client: SyncClient,
  caret: Caret,
  options: { isCursorShared: boolean; seq: number },
): void {
  const index = Math.min(caret.index, client.text.length);
  const char = ALPHABET[options.seq % ALPHABET.length] ?? 'x';
  client.doc.transact(() => client.text.insert(index, char));
  caret.index = index + 1;
  if (options.isCursorShared) {
    const position = Y.relativePositionToJSON(
      Y.createRelativePositionFromTypeIndex(client.text, caret.index),
    );
    client.awareness.setLocalStateField('cursor', { anchor: position, head: position });
  }
}

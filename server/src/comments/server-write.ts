import * as Y from 'yjs';
import type { Room } from '../sync/room';

/** The principal the server writes comments documents as; its client ids bind to it. */
export const COMMENTS_PRINCIPAL = 'server:comments';

/**
 * Makes a change to a room's document as the server: `change` runs on a scratch copy written by
 * `clientId`, and the resulting update goes through the room like any client's (checked, stored
 * before it is applied, relayed). Synchronous from copy to commit, so no other write interleaves.
 */
export function writeAsServer(room: Room, clientId: number, change: (doc: Y.Doc) => void): void {
  const scratch = new Y.Doc();
  scratch.clientID = clientId;
  try {
    Y.applyUpdate(scratch, Y.encodeStateAsUpdate(room.doc));
    const before = Y.encodeStateVector(scratch);
    scratch.transact(() => change(scratch));
    room.applyAs(COMMENTS_PRINCIPAL, Y.encodeStateAsUpdate(scratch, before));
  } finally {
    scratch.destroy();
  }
}

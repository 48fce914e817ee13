import assert from 'node:assert/strict';
import * as Y from 'yjs';
import type { DocName } from '@wethink/shared';
import type { RoomAccess } from '../history/history-service';
import type { DocumentStore } from '../storage/document-store';

/** A private copy of one document, with who its client ids belong to. */
export interface DocCopy {
  readonly doc: Y.Doc;
  /** The principal (`user:<id>`) a client id is bound to, if any. */
  ownerOf(clientId: number): string | undefined;
}

/**
 * Where export reads documents: the running server's rooms, or storage alone (the CLI). `read`
 * gets a private copy, never the live document: y-prosemirror's node conversion can delete what
 * the schema cannot place and emit an update (y-prosemirror #271, #39), so nothing that converts
 * or renders may hold a room's document. The copy is destroyed when `read` returns.
 */
export interface BookSource {
  read<T>(name: DocName, read: (copy: DocCopy) => T): Promise<T>;
}

function copyDoc(updates: readonly Uint8Array[]): Y.Doc {
  const doc = new Y.Doc({ gc: false });
  Y.transact(doc, () => {
    for (const update of updates) Y.applyUpdate(doc, update);
  });
  return doc;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function readCopy<T>(doc: Y.Doc, ownerOf: DocCopy['ownerOf'], read: (copy: DocCopy) => T): T {
  try {
    return read({ doc, ownerOf });
  } finally {
    doc.destroy();
  }
}

/** Copies of stored documents, for a process without rooms (the CLI) and for rooms not loaded. */
export function createStoreBookSource(store: DocumentStore): BookSource {
  return {
    async read(name, read) {
      const stored = await store.load(name);
      const doc = copyDoc([...(stored.state ? [stored.state] : []), ...stored.updates]);
      return readCopy(doc, (clientId) => stored.clientOwners.get(clientId), read);
    },
  };
}

/**
 * Copies of the live room's document when it is loaded (what authors see now), else of the stored
 * one. A live copy is made and read synchronously, so no edit lands in between, and the room's
 * state vector is asserted unchanged afterwards: proof that reading left the live document alone.
 */
export function createRoomBookSource(deps: { store: DocumentStore; rooms: RoomAccess }): BookSource {
  const stored = createStoreBookSource(deps.store);
  return {
    read(name, read) {
      const room = deps.rooms.peek(name);
      if (!room) return stored.read(name, read);
      const live = room.doc;
      const before = Y.encodeStateVector(live);
      const result = readCopy(
        copyDoc([Y.encodeStateAsUpdate(live)]),
        (clientId) => room.ownerOf(clientId),
        read,
      );
      assert(bytesEqual(before, Y.encodeStateVector(live)), `export changed the live document ${name}`);
      return Promise.resolve(result);
    },
  };
}

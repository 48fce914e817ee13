import assert from 'node:assert/strict';
import * as Y from 'yjs';
import type { DocName } from '@wethink/shared';
import type { RoomAccess } from '../history/history-service';
import { loadVersionUpdate } from '../history/version-chain';
import type { DocumentStore, VersionMeta } from '../storage/document-store';

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
  /** A copy of a saved version of a chapter (null when it has no such version). */
  readVersion<T>(name: DocName, versionId: number, read: (copy: DocCopy) => T): Promise<T | null>;
  /** A chapter's saved versions (automatic and named), oldest first. */
  listVersions(name: DocName): Promise<VersionMeta[]>;
  /**
   * The minutes (their start, ms) in which a member's edit of the chapter was recorded, oldest
   * first: the contribution rows history keeps, one per user and minute, with no Yjs ids.
   */
  editMinutes(name: DocName): Promise<number[]>;
  /** The Yjs snapshot stored with a version (null when the chapter has no such version). */
  versionSnapshot(name: DocName, versionId: number): Promise<Y.Snapshot | null>;
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

/** Versions live only in storage, whether or not the chapter's room is loaded. */
function storedVersions(
  store: DocumentStore,
): Pick<BookSource, 'readVersion' | 'listVersions' | 'editMinutes' | 'versionSnapshot'> {
  return {
    async readVersion(name, versionId, read) {
      const loaded = await loadVersionUpdate(store, name, versionId);
      if (!loaded) return null;
      // Client ids are bound per document, so the chapter's bindings name a version's writers too.
      const { clientOwners } = await store.load(name);
      const doc = new Y.Doc({ gc: false });
      Y.applyUpdateV2(doc, loaded.update);
      return readCopy(doc, (clientId) => clientOwners.get(clientId), read);
    },
    async listVersions(name) {
      return [...(await store.listVersions(name))].sort((a, b) => a.createdAt - b.createdAt || a.id - b.id);
    },
    async editMinutes(name) {
      const rows = await store.listContributions({
        scope: { doc: name },
        fromMs: 0,
        toMs: Number.MAX_SAFE_INTEGER,
      });
      return [...new Set(rows.map((row) => row.minuteMs))].sort((a, b) => a - b);
    },
    async versionSnapshot(name, versionId) {
      const version = await store.loadVersion(name, versionId);
      return version ? Y.decodeSnapshotV2(version.snapshot) : null;
    },
  };
}

/** Copies of stored documents, for a process without rooms (the CLI) and for rooms not loaded. */
export function createStoreBookSource(store: DocumentStore): BookSource {
  return {
    ...storedVersions(store),
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
    ...storedVersions(deps.store),
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

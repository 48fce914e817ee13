import * as Y from 'yjs';
import { chapterFragment } from '@wethink/shared';

/**
 * The change that makes `live`'s chapter look like `version`'s, as a Yjs update written by
 * `clientId` (fresh, so the change is bound to whoever restores). It is built in a scratch copy:
 * the current content is deleted and clones of the version's nodes are inserted, so history is
 * never rewritten and concurrent edits merge with the restore like any other edit.
 */
export function buildRestoreUpdate(live: Y.Doc, version: Y.Doc, clientId: number): Uint8Array {
  const scratch = new Y.Doc();
  scratch.clientID = clientId;
  Y.applyUpdate(scratch, Y.encodeStateAsUpdate(live));
  const before = Y.encodeStateVector(scratch);
  const target = chapterFragment(scratch);
  scratch.transact(() => {
    target.delete(0, target.length);
    const nodes = chapterFragment(version)
      .toArray()
      .flatMap((node) => (node instanceof Y.XmlElement || node instanceof Y.XmlText ? [node.clone()] : []));
    target.insert(0, nodes);
  });
  const update = Y.encodeStateAsUpdate(scratch, before);
  scratch.destroy();
  return update;
}

/** A Yjs client id that nobody has used in `doc` and that `isBound` does not know. */
export function freshClientId(doc: Y.Doc, isBound: (clientId: number) => boolean): number {
  for (;;) {
    const candidate = Math.floor(Math.random() * 0xffffffff) + 1;
    if (!doc.store.clients.has(candidate) && !isBound(candidate)) return candidate;
  }
}

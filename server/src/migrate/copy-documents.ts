import * as Y from 'yjs';
import { AppError, type DocName } from '@wethink/shared';
import type { DocumentStore } from '../storage/document-store';
import { repairStoredBlobs } from '../sync/update-repair';

/**
 * Moves every document's update log as one compacted state (the log's sequence numbers do not
 * carry over: SQLite numbers across documents, PostgreSQL per document), repairing what an older
 * server stored, then verifies each: the same state vector and delete set (Yjs snapshot), and the
 * same bytes when each side's document is encoded again (Yjs encodes a struct store one way). Resolves with the number of documents; rejects with
 * AppError('conflict') for a target that holds documents, AppError('internal') on a difference.
 */
export async function copyDocuments(from: DocumentStore, to: DocumentStore): Promise<number> {
  const existing = await to.listDocuments();
  if (existing.length > 0)
    throw new AppError('conflict', `the target already holds ${existing.length} documents`);
  const names = await from.listDocuments();
  for (const name of names) {
    const source = await loadDoc(from, name);
    const state = Y.encodeStateAsUpdate(source);
    const seq = await to.appendUpdates(name, [state]);
    await to.compact(name, state, seq);
    const copied = await loadDoc(to, name);
    const isSame =
      Y.equalSnapshots(Y.snapshot(source), Y.snapshot(copied)) &&
      Buffer.from(Y.encodeStateAsUpdate(copied)).equals(Buffer.from(state));
    if (!isSame) {
      throw new AppError('internal', `verification failed for document ${name}`);
    }
  }
  await to.sync();
  return names.length;
}

async function loadDoc(store: DocumentStore, name: DocName): Promise<Y.Doc> {
  const stored = await store.load(name);
  const blobs = stored.isChecked ? stored : repairStoredBlobs(stored, () => {});
  const doc = new Y.Doc();
  Y.transact(doc, () => {
    if (blobs.state) Y.applyUpdate(doc, blobs.state);
    for (const update of blobs.updates) Y.applyUpdate(doc, update);
  });
  return doc;
}

import type { DocName } from '@wethink/shared';
import type { DocumentStore } from '../../src/storage/document-store';

/**
 * A store that hands every call to `inner`: tests extend it and override the calls they make
 * fail (a storage outage on a real SQLite file).
 */
export class DelegatingStore implements DocumentStore {
  constructor(readonly inner: DocumentStore) {}
  load(name: DocName) {
    return this.inner.load(name);
  }
  appendUpdates(name: DocName, updates: readonly Uint8Array[]) {
    return this.inner.appendUpdates(name, updates);
  }
  sync() {
    return this.inner.sync();
  }
  compact(name: DocName, state: Uint8Array, throughSeq: number) {
    return this.inner.compact(name, state, throughSeq);
  }
  close() {
    return this.inner.close();
  }
  purgeDocuments(names: Parameters<DocumentStore['purgeDocuments']>[0]) {
    return this.inner.purgeDocuments(names);
  }
  bindClients(...args: Parameters<DocumentStore['bindClients']>) {
    return this.inner.bindClients(...args);
  }
  recordContributions(...args: Parameters<DocumentStore['recordContributions']>) {
    return this.inner.recordContributions(...args);
  }
  listContributions(...args: Parameters<DocumentStore['listContributions']>) {
    return this.inner.listContributions(...args);
  }
  listDeletions(name: DocName) {
    return this.inner.listDeletions(name);
  }
  saveVersion(...args: Parameters<DocumentStore['saveVersion']>) {
    return this.inner.saveVersion(...args);
  }
  listVersions(name: DocName) {
    return this.inner.listVersions(name);
  }
  loadVersion(name: DocName, id: number) {
    return this.inner.loadVersion(name, id);
  }
  latestVersion(name: DocName) {
    return this.inner.latestVersion(name);
  }
  listDocuments() {
    return this.inner.listDocuments();
  }
  listChapters(bookId: string) {
    return this.inner.listChapters(bookId);
  }
}

import type { DocName } from '@wethink/shared';
import type { DocumentStore, StoredDocument } from './document-store';

interface Entry {
  state: Uint8Array | null;
  stateSeq: number;
  log: { seq: number; update: Uint8Array }[];
}

/** Keeps everything in memory: for tests and throwaway runs (`STORAGE=memory`). Nothing survives exit. */
export class MemoryDocumentStore implements DocumentStore {
  private readonly docs = new Map<DocName, Entry>();
  private seq = 0;

  async load(name: DocName): Promise<StoredDocument> {
    const entry = this.docs.get(name);
    if (!entry) return { state: null, updates: [], lastSeq: 0 };
    return {
      state: entry.state,
      updates: entry.log.map((row) => row.update),
      lastSeq: entry.log.at(-1)?.seq ?? entry.stateSeq,
    };
  }

  appendUpdate(name: DocName, update: Uint8Array): number {
    let entry = this.docs.get(name);
    if (!entry) {
      entry = { state: null, stateSeq: 0, log: [] };
      this.docs.set(name, entry);
    }
    this.seq += 1;
    entry.log.push({ seq: this.seq, update: update.slice() });
    return this.seq;
  }

  async sync(): Promise<void> {}

  async compact(name: DocName, state: Uint8Array, throughSeq: number): Promise<void> {
    const entry = this.docs.get(name) ?? { state: null, stateSeq: 0, log: [] };
    entry.state = state.slice();
    entry.stateSeq = throughSeq;
    entry.log = entry.log.filter((row) => row.seq > throughSeq);
    this.docs.set(name, entry);
  }

  async close(): Promise<void> {}
}

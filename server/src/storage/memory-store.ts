import type { DocName } from '@wethink/shared';
import type {
  ContributionQuery,
  ContributionRow,
  DeletionRow,
  DocumentStore,
  NewVersion,
  StoredDocument,
  StoredVersion,
  VersionMeta,
} from './document-store';

interface Entry {
  state: Uint8Array | null;
  stateSeq: number;
  log: { seq: number; update: Uint8Array }[];
}

const contributionKey = (row: ContributionRow): string =>
  `${row.doc}\u0000${row.userId}\u0000${row.minuteMs}`;
const isInBook = (doc: string, bookId: string): boolean => doc.startsWith(`${bookId}/`);
const withoutState = ({ state: _state, snapshot: _snapshot, ...meta }: StoredVersion): VersionMeta => meta;

/** Keeps everything in memory: for tests and throwaway runs (`STORAGE=memory`). Nothing survives exit. */
export class MemoryDocumentStore implements DocumentStore {
  private readonly docs = new Map<DocName, Entry>();
  private readonly owners = new Map<DocName, Map<number, string>>();
  private readonly contributions = new Map<string, ContributionRow>();
  private deletions: DeletionRow[] = [];
  private versions: StoredVersion[] = [];
  private seq = 0;

  async load(name: DocName): Promise<StoredDocument> {
    const entry = this.docs.get(name);
    const clientOwners = new Map(this.owners.get(name));
    if (!entry) return { state: null, updates: [], lastSeq: 0, clientOwners, isChecked: true };
    return {
      state: entry.state,
      updates: entry.log.map((row) => row.update),
      lastSeq: entry.log.at(-1)?.seq ?? entry.stateSeq,
      clientOwners,
      isChecked: true,
    };
  }

  async appendUpdates(name: DocName, updates: readonly Uint8Array[]): Promise<number> {
    if (updates.length === 0) throw new RangeError(`appendUpdates(${name}) needs at least one update`);
    // Copied before anything is added: a bad update fails the call with nothing stored.
    const copies = updates.map((update) => update.slice());
    let entry = this.docs.get(name);
    if (!entry) {
      entry = { state: null, stateSeq: 0, log: [] };
      this.docs.set(name, entry);
    }
    for (const update of copies) {
      this.seq += 1;
      entry.log.push({ seq: this.seq, update });
    }
    return this.seq;
  }

  async sync(): Promise<void> {}

  async compact(name: DocName, state: Uint8Array, throughSeq: number): Promise<boolean> {
    const entry = this.docs.get(name) ?? { state: null, stateSeq: 0, log: [] };
    entry.state = state.slice();
    entry.stateSeq = throughSeq;
    entry.log = entry.log.filter((row) => row.seq > throughSeq);
    this.docs.set(name, entry);
    return true;
  }

  async close(): Promise<void> {}

  async purgeDocuments(names: readonly DocName[]): Promise<void> {
    const gone = new Set<string>(names);
    for (const name of names) {
      this.docs.delete(name);
      this.owners.delete(name);
    }
    for (const [key, row] of this.contributions) if (gone.has(row.doc)) this.contributions.delete(key);
    this.deletions = this.deletions.filter((row) => !gone.has(row.doc));
    this.versions = this.versions.filter((version) => !gone.has(version.doc));
  }

  async bindClients(name: DocName, clientIds: readonly number[], principal: string): Promise<void> {
    let owners = this.owners.get(name);
    if (!owners) {
      owners = new Map();
      this.owners.set(name, owners);
    }
    for (const clientId of clientIds) if (!owners.has(clientId)) owners.set(clientId, principal);
  }

  async recordContributions(
    rows: readonly ContributionRow[],
    deletions: readonly DeletionRow[],
  ): Promise<void> {
    for (const row of rows) {
      const key = contributionKey(row);
      const sum = this.contributions.get(key) ?? {
        ...row,
        charsInserted: 0,
        charsDeleted: 0,
        wordsAdded: 0,
        wordsRemoved: 0,
      };
      sum.charsInserted += row.charsInserted;
      sum.charsDeleted += row.charsDeleted;
      sum.wordsAdded += row.wordsAdded;
      sum.wordsRemoved += row.wordsRemoved;
      this.contributions.set(key, sum);
    }
    for (const deletion of deletions) this.deletions.push({ ...deletion, ranges: deletion.ranges.slice() });
  }

  async listContributions(query: ContributionQuery): Promise<ContributionRow[]> {
    const { scope } = query;
    return [...this.contributions.values()]
      .filter((row) => ('doc' in scope ? row.doc === scope.doc : isInBook(row.doc, scope.bookId)))
      .filter((row) => row.minuteMs >= query.fromMs && row.minuteMs < query.toMs)
      .map((row) => ({ ...row }))
      .sort((a, b) => a.minuteMs - b.minuteMs);
  }

  async listDeletions(name: DocName): Promise<DeletionRow[]> {
    return this.deletions.filter((row) => row.doc === name);
  }

  async saveVersion(version: NewVersion): Promise<VersionMeta> {
    const stored: StoredVersion = {
      ...version,
      id: this.versions.length + 1,
      state: version.state.slice(),
      snapshot: version.snapshot.slice(),
      stateBytes: version.state.byteLength,
    };
    this.versions.push(stored);
    return withoutState(stored);
  }

  async listVersions(name: DocName): Promise<VersionMeta[]> {
    return this.versions.filter((version) => version.doc === name).map(withoutState);
  }

  async loadVersion(name: DocName, id: number): Promise<StoredVersion | null> {
    return this.versions.find((version) => version.doc === name && version.id === id) ?? null;
  }

  async latestVersion(name: DocName): Promise<StoredVersion | null> {
    return this.versions.findLast((version) => version.doc === name) ?? null;
  }

  async listDocuments(): Promise<DocName[]> {
    return [...this.docs.keys()].sort();
  }

  async listChapters(bookId: string): Promise<DocName[]> {
    const names = new Set<DocName>();
    for (const name of [...this.docs.keys(), ...this.versions.map((version) => version.doc)]) {
      if (isInBook(name, bookId)) names.add(name);
    }
    return [...names].sort();
  }
}

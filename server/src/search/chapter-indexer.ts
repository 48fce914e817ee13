import * as Y from 'yjs';
import { chapterFragment, docKindOf, type DocName } from '@wethink/shared';
import type { Logger } from '../logger';
import { isWriteOrigin } from '../sync/room-history';
import { blockText, chapterBlocks } from './chapter-blocks';
import type { IndexedBlock, SearchIndex } from './search-index';

/** A shared type of a document, as Yjs lists them in a transaction's changes. */
type YType = Y.Transaction['changed'] extends Map<infer K, unknown> ? K : never;

export interface IndexerTimers {
  setTimeout: (callback: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
  now: () => number;
}

export interface ChapterIndexerDeps {
  index: SearchIndex;
  logger: Logger;
  /** A chapter is re-indexed once its accepted updates have paused this long… */
  quietMs: number;
  /** …or this long after its first unindexed one, if they have not (an author typing on). */
  maxDelayMs: number;
  timers?: IndexerTimers;
}

const realTimers: IndexerTimers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => performance.now(),
};

/**
 * Keeps the search index current, off the sync path: a loaded chapter's accepted updates (stored
 * before they are applied) only mark it dirty; once they pause for `quietMs`, or `maxDelayMs`
 * after the first if they do not, its edited text is read from the live document and its rows
 * replaced, one write per chapter at a time. A lone author typing on is indexed about once per
 * `maxDelayMs` rather than per pause between words: each run costs about the same whatever it
 * covers, so fewer runs is what keeps indexing a small share of the sync path's work. A room
 * that unloads has its pending text indexed at once. Failures are logged and retried at the next
 * change.
 */
export class ChapterIndexer {
  private readonly timers: IndexerTimers;
  /**
   * Chapters with unindexed changes: the top-level blocks edited inside, or null when blocks were
   * added, removed or moved (then the whole chapter is read again: indexes shifted).
   */
  private readonly pending = new Map<
    DocName,
    { doc: Y.Doc; timer: unknown; deadline: number; blocks: Set<YType> | null }
  >();
  /** The write in flight per chapter: the next one waits for it (so the newest text lands last). */
  private readonly writes = new Map<DocName, Promise<void>>();
  /**
   * Runs so far; wall time reading chapters' text and writing it to the index; the process CPU
   * time spent on the event loop doing so (a database's own work elsewhere is not in it).
   */
  readonly stats = { runs: 0, readMs: 0, writeMs: 0, cpuUs: 0 };

  constructor(private readonly deps: ChapterIndexerDeps) {
    this.timers = deps.timers ?? realTimers;
  }

  /** Follows a loaded document; returns how to stop, or null for documents that are not chapters. */
  attach(name: DocName, doc: Y.Doc): (() => void) | null {
    if (docKindOf(name) !== 'chapter') return null;
    const fragment = chapterFragment(doc);
    const onTransaction = (tr: Y.Transaction) => {
      if (tr.changed.size > 0 && isWriteOrigin(tr.origin))
        this.schedule(name, doc, topLevelChanges(fragment, tr));
    };
    doc.on('afterTransaction', onTransaction);
    return () => {
      doc.off('afterTransaction', onTransaction);
      if (this.pending.has(name)) this.run(name);
    };
  }

  /** Indexes `name` now if the index has never seen it, from `load` (stored text). */
  ensureIndexed(name: DocName, load: () => Promise<IndexedBlock[]>): Promise<void> {
    return this.enqueue(name, async () => this.deps.index.replaceChapter(name, await load()));
  }

  /** Runs every pending chapter now and resolves once every write so far is done. */
  async flush(): Promise<void> {
    for (const name of [...this.pending.keys()]) this.run(name);
    await Promise.all(this.writes.values());
  }

  private schedule(name: DocName, doc: Y.Doc, changed: Set<YType> | null): void {
    const now = this.timers.now();
    const entry = this.pending.get(name);
    if (entry === undefined) {
      const timer = this.timers.setTimeout(() => this.run(name), this.deps.quietMs);
      this.pending.set(name, { doc, timer, deadline: now + this.deps.maxDelayMs, blocks: changed });
      return;
    }
    if (entry.blocks !== null && changed !== null) for (const block of changed) entry.blocks.add(block);
    else entry.blocks = null;
    this.timers.clearTimeout(entry.timer);
    const wait = Math.max(0, Math.min(this.deps.quietMs, entry.deadline - now));
    entry.timer = this.timers.setTimeout(() => this.run(name), wait);
  }

  private run(name: DocName): void {
    const entry = this.pending.get(name);
    if (entry === undefined) return;
    this.timers.clearTimeout(entry.timer);
    this.pending.delete(name);
    const startedAt = performance.now();
    const cpuAtStart = process.cpuUsage();
    // Read now, synchronously: the room may drop its document right after.
    const edited = entry.blocks === null ? null : editedBlocks(chapterFragment(entry.doc), entry.blocks);
    const blocks = edited ?? chapterBlocks(entry.doc);
    this.stats.readMs += performance.now() - startedAt;
    this.countCpu(cpuAtStart);
    void this.enqueue(name, async () => {
      const writeStartedAt = performance.now();
      const cpuAtWrite = process.cpuUsage();
      // The index's synchronous part (all of it on SQLite) runs before the first await.
      const written =
        edited === null
          ? this.deps.index.replaceChapter(name, blocks)
          : this.deps.index.replaceBlocks(name, blocks);
      this.countCpu(cpuAtWrite);
      await written;
      this.stats.writeMs += performance.now() - writeStartedAt;
      this.stats.runs += 1;
    });
  }

  private countCpu(since: NodeJS.CpuUsage): void {
    const spent = process.cpuUsage(since);
    this.stats.cpuUs += spent.user + spent.system;
  }

  private enqueue(name: DocName, write: () => Promise<void>): Promise<void> {
    const previous = this.writes.get(name) ?? Promise.resolve();
    const next = previous.then(write).catch((error: unknown) => {
      this.deps.logger.error({ doc: name, err: error }, 'search indexing failed');
    });
    this.writes.set(name, next);
    void next.then(() => {
      if (this.writes.get(name) === next) this.writes.delete(name);
    });
    return next;
  }
}

/**
 * The top-level blocks a transaction edited inside, or null when it changed the fragment itself
 * (blocks added, removed, split or joined: every later index moves).
 */
function topLevelChanges(fragment: Y.XmlFragment, tr: Y.Transaction): Set<YType> | null {
  const blocks = new Set<YType>();
  for (const type of tr.changed.keys()) {
    if ((type as unknown) === fragment) return null;
    let block: YType = type;
    while (block.parent !== null && (block.parent as unknown) !== fragment) block = block.parent as YType;
    if ((block.parent as unknown) === fragment) blocks.add(block);
  }
  return blocks;
}

/** Index and text of each edited block still in the chapter; null when one is gone (read it all). */
function editedBlocks(fragment: Y.XmlFragment, edited: Set<YType>): IndexedBlock[] | null {
  const all = fragment.toArray();
  const blocks: IndexedBlock[] = [];
  for (const block of edited) {
    const index = all.indexOf(block as unknown as Y.XmlElement);
    if (index < 0 || !(block instanceof Y.XmlElement || block instanceof Y.XmlText)) return null;
    blocks.push({ index, text: blockText(block) });
  }
  return blocks;
}

import * as Y from 'yjs';
import { docKindOf, type DocName } from '@wethink/shared';
import type { Logger } from '../logger';
import type { DocumentStore, VersionMeta } from '../storage/document-store';
import type { RoomHistoryFactory } from '../sync/room-history';
import { ContributionBuffer } from './contribution-buffer';
import { decodeIdRanges } from './id-ranges';
import { RoomHistoryTracker, type VersionRequest } from './room-history-tracker';
import { encodeVersion, type ChainTip } from './version-chain';

export interface HistoryConfig {
  versionQuietMs: number;
  versionMaxWaitMs: number;
  contributionFlushMs: number;
}

/**
 * Records the history of every room: contributions (buffered, written in one transaction at most
 * every `contributionFlushMs`) and versions. Rooms reach it through `RoomHistoryFactory`; the
 * HTTP side asks it for a room's tracker (named versions) and to flush before reading.
 */
export class HistoryRecorder implements RoomHistoryFactory {
  private readonly buffer = new ContributionBuffer();
  private readonly trackers = new Map<DocName, RoomHistoryTracker>();
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private writing: Promise<void> = Promise.resolve();
  private readonly settling = new Set<Promise<unknown>>();

  constructor(
    private readonly deps: {
      store: DocumentStore;
      logger: Logger;
      config: HistoryConfig;
      now?: () => number;
    },
  ) {}

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** Chapters (`<book>/<chapter>`) keep a history; the book's chapter list does not. */
  attach(name: DocName, doc: Y.Doc): RoomHistoryTracker | null {
    // Chapters only: the chapter list and comments documents have no versions or authorship.
    if (docKindOf(name) !== 'chapter') return null;
    const tracker = new RoomHistoryTracker({
      name,
      doc,
      buffer: this.buffer,
      now: () => this.now(),
      versionQuietMs: this.deps.config.versionQuietMs,
      versionMaxWaitMs: this.deps.config.versionMaxWaitMs,
      saveVersion: (request, update, snapshot, tip) => this.saveVersion(name, request, update, snapshot, tip),
      latestVersion: async () => {
        const latest = await this.deps.store.latestVersion(name);
        return latest
          ? { id: latest.id, depth: latest.depth, snapshot: Y.decodeSnapshotV2(latest.snapshot) }
          : null;
      },
      onVersionError: (error) => this.deps.logger.error({ doc: name, err: error }, 'version not stored'),
      onEdit: () => this.scheduleFlush(),
      onDispose: (disposed) => this.detach(name, disposed),
    }).start();
    this.trackers.set(name, tracker);
    return tracker;
  }

  /** The live room's tracker, if the room is loaded. */
  trackerOf(name: DocName): RoomHistoryTracker | undefined {
    return this.trackers.get(name);
  }

  private detach(name: DocName, tracker: RoomHistoryTracker): void {
    if (this.trackers.get(name) === tracker) this.trackers.delete(name);
    // Versions the dropped room asked for are still being stored: flush() waits for them too.
    const settling = tracker.settled();
    this.settling.add(settling);
    void settling.then(() => this.settling.delete(settling));
  }

  private async saveVersion(
    name: DocName,
    request: VersionRequest,
    update: Uint8Array,
    snapshot: Y.Snapshot,
    tip: ChainTip | null,
  ): Promise<VersionMeta> {
    const meta = await this.deps.store.saveVersion({
      doc: name,
      kind: request.kind,
      name: request.name,
      createdAt: this.now(),
      createdBy: request.createdBy,
      ...(await encodeVersion(update, tip)),
      snapshot: Y.encodeSnapshotV2(snapshot),
    });
    this.deps.logger.info(
      { doc: name, version: meta.id, kind: meta.kind, bytes: meta.stateBytes },
      'version stored',
    );
    return meta;
  }

  private scheduleFlush(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      void this.writeContributions();
    }, this.deps.config.contributionFlushMs);
    this.flushTimer.unref();
  }

  /** Writes what is buffered; a failed write puts it back and tries again later. */
  private writeContributions(): Promise<void> {
    this.writing = this.writing.then(async () => {
      if (this.buffer.isEmpty) return;
      const drained = this.buffer.drain();
      try {
        await this.deps.store.recordContributions(drained.rows, drained.deletions);
      } catch (error) {
        this.deps.logger.error(
          { err: error, rows: drained.rows.length },
          'contributions not stored; will retry',
        );
        this.buffer.restore(drained, decodeIdRanges);
        this.scheduleFlush();
      }
    });
    return this.writing;
  }

  /** Stores every buffered contribution and every version asked for so far. */
  async flush(): Promise<void> {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    await Promise.all([...[...this.trackers.values()].map((tracker) => tracker.settled()), ...this.settling]);
    await this.writeContributions();
  }
}

import type { LogTail } from '../storage/document-store';
import type { ReplicaEntry } from './replica';
import { SeqWindow } from './seq-window';

export interface ReplicaIntakeDeps {
  /** The document's head when the room loaded: it holds everything up to it. */
  loadedThrough: number;
  readSince: (afterSeq: number) => Promise<LogTail>;
  /** Applies updates (or a compacted state) another instance stored, and relays them. */
  apply: (updates: readonly Uint8Array[]) => void;
  /** Client-id bindings another instance made. */
  bind: (owners: Iterable<[number, string]>) => void;
  /** Asks the room's writer to run `catchUp` between its appends. */
  requestCatchUp: () => void;
  /** How long a gap may wait for the entry that fills it before the database is asked. */
  gapWaitMs: number;
}

/**
 * Applies what other instances stored, in sequence order, exactly once. An entry that arrives in
 * order is applied at once; one past a gap waits briefly for the missing one (two instances may
 * publish out of commit order), then the gap is filled from the database, as is anything a
 * periodic look at the document's head finds missing. The writer's own appends are noted too, so
 * `contiguous` is what compaction may fold through.
 */
export class ReplicaIntake {
  private readonly window: SeqWindow;
  /** Entries past a gap, by their first sequence number. */
  private readonly waiting = new Map<number, ReplicaEntry>();
  private gapTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly deps: ReplicaIntakeDeps) {
    this.window = new SeqWindow(deps.loadedThrough);
  }

  /** Every sequence number up to this one is in the live document. */
  get contiguous(): number {
    return this.window.contiguous;
  }

  receive(entry: ReplicaEntry): void {
    if (this.isHeld(entry)) return;
    this.deps.bind(entry.claims);
    if (entry.from > this.window.contiguous + 1) {
      this.waiting.set(entry.from, entry);
      this.armGapTimer();
      return;
    }
    this.applyEntry(entry);
    this.applyWaiting();
  }

  /** This instance stored `from..to`. */
  noteStored(from: number, to: number): void {
    this.window.mark(from, to);
    this.applyWaiting();
  }

  /** The database's head is `head`; anything short of it is fetched. */
  noteHead(head: number): void {
    if (head > this.window.contiguous) this.deps.requestCatchUp();
  }

  /** Reads what the database holds past `contiguous` and applies what is missing. */
  async catchUp(): Promise<void> {
    const tail = await this.deps.readSince(this.window.contiguous);
    this.deps.bind(tail.clientOwners);
    if (tail.state) {
      this.deps.apply([tail.state.data]);
      this.window.markThrough(tail.state.throughSeq);
    }
    const missing = tail.updates.filter((row) => !this.window.has(row.seq));
    if (missing.length > 0) this.deps.apply(missing.map((row) => row.data));
    for (const row of missing) this.window.mark(row.seq, row.seq);
    this.applyWaiting();
  }

  dispose(): void {
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.gapTimer = null;
    this.waiting.clear();
  }

  private isHeld(entry: ReplicaEntry): boolean {
    for (let seq = entry.from; seq <= entry.to; seq += 1) if (!this.window.has(seq)) return false;
    return true;
  }

  private applyEntry(entry: ReplicaEntry): void {
    this.deps.apply(entry.updates);
    this.window.mark(entry.from, entry.to);
  }

  /** Applies waiting entries that are next in order; drops the ones already held. */
  private applyWaiting(): void {
    for (let progress = true; progress && this.waiting.size > 0;) {
      progress = false;
      for (const [from, entry] of this.waiting) {
        if (this.isHeld(entry)) {
          this.waiting.delete(from);
          progress = true;
        } else if (from <= this.window.contiguous + 1) {
          this.waiting.delete(from);
          this.applyEntry(entry);
          progress = true;
        }
      }
    }
    if (this.waiting.size === 0 && this.gapTimer) {
      clearTimeout(this.gapTimer);
      this.gapTimer = null;
    }
  }

  private armGapTimer(): void {
    if (this.gapTimer) return;
    this.gapTimer = setTimeout(() => {
      this.gapTimer = null;
      if (this.waiting.size > 0) this.deps.requestCatchUp();
    }, this.deps.gapWaitMs);
  }
}

import type { KeyValueStorage } from '../account/account-cache';
import type { ChapterRef } from '../api/api-client';
import { ApiError } from '../api/api-error';
import { createdIdOf, describeOp, refersTo, type CommentOp, type DeliveredRecords } from './comment-ops';

/** One write waiting for the server, in the order it was made. */
export interface OutboxItem {
  /** Increasing per device: the order writes are replayed in. */
  seq: number;
  userId: string;
  chapter: ChapterRef;
  op: CommentOp;
  queuedAt: string;
}

/** A write the server refused: shown to its writer until dismissed, never retried. */
export interface OutboxRefusal {
  item: OutboxItem;
  /** What to show ("Your reply was not sent: …"). */
  message: string;
  /** The server's error code (`round-closed`, `anchor-gone`, …). */
  code: string;
}

/** A write the server accepted, with its answer (until the comments document shows it too). */
export interface OutboxDelivery {
  item: OutboxItem;
  records: DeliveredRecords;
}

export interface OutboxState {
  items: readonly OutboxItem[];
  refusals: readonly OutboxRefusal[];
  delivered: readonly OutboxDelivery[];
  /** The last attempt got no usable answer (offline, server trouble): a retry is due. */
  isWaiting: boolean;
}

export interface CommentOutboxDeps {
  storage: KeyValueStorage;
  send: (item: OutboxItem) => Promise<DeliveredRecords>;
  nowMs: () => number;
}

const STORAGE_KEY = 'wethink:comment-outbox';
/** Deliveries kept for the panel; the comments document catches up long before this many. */
const MAX_DELIVERED = 50;

/**
 * Whether a failed write is worth sending again as it is: no answer at all, a server in trouble,
 * a rate limit, or a lapsed sign-in (the writer signs in again, the write goes out then). Any
 * other 4xx is the server saying no, which a retry will not change.
 */
export function isRetryableFailure(error: ApiError): boolean {
  return (
    error.status === 0 ||
    error.status === 401 ||
    error.status === 408 ||
    error.status === 429 ||
    error.status >= 500
  );
}

interface Stored {
  seq: number;
  items: OutboxItem[];
  refusals: OutboxRefusal[];
}

const EMPTY_STORED: Stored = { seq: 0, items: [], refusals: [] };

function parse(raw: string | null): Stored {
  if (raw === null) return EMPTY_STORED;
  try {
    const parsed = JSON.parse(raw) as Partial<Stored>;
    if (!Array.isArray(parsed.items) || !Array.isArray(parsed.refusals) || typeof parsed.seq !== 'number') {
      return EMPTY_STORED;
    }
    return { seq: parsed.seq, items: parsed.items, refusals: parsed.refusals };
  } catch (error) {
    // Written only by this module: a corrupt entry means storage itself was damaged.
    if (error instanceof SyntaxError) return EMPTY_STORED;
    throw error;
  }
}

/**
 * The comment writes of this device, kept in storage until the server has answered them, so a
 * comment written offline (or in a tab that then closed) goes out on the next chance. Writes are
 * sent one at a time in the order they were made; a failure without a usable answer stops the
 * replay (the same write goes first next time); a refusal drops the write, and every later write
 * that depends on it, and keeps the server's reason for the writer to read. Every change starts
 * from what storage holds now, so two tabs of one browser add to the same list (a write both
 * send is harmless: the server answers a repeat with the record it made).
 */
export class CommentOutbox {
  private stored: Stored = EMPTY_STORED;
  /** The stored text `stored` was read from. */
  private raw: string | null = null;
  private delivered: OutboxDelivery[] = [];
  private isWaiting = false;
  private flushing: Promise<void> | null = null;
  private readonly listeners = new Set<(state: OutboxState) => void>();
  private snapshot: OutboxState;

  constructor(private readonly deps: CommentOutboxDeps) {
    this.refresh();
    this.snapshot = this.computeState();
  }

  get state(): OutboxState {
    return this.snapshot;
  }

  subscribe(listener: (state: OutboxState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Keeps a write and starts sending (not awaited: the outbox reports through its state). */
  enqueue(userId: string, chapter: ChapterRef, op: CommentOp): OutboxItem {
    this.refresh();
    const seq = this.stored.seq + 1;
    const item: OutboxItem = {
      seq,
      userId,
      chapter,
      op,
      queuedAt: new Date(this.deps.nowMs()).toISOString(),
    };
    this.save({ seq, items: [...this.stored.items, item] });
    void this.flush(userId);
    return item;
  }

  /** Sends `userId`'s waiting writes in order; resolves when they are sent or one has to wait. */
  flush(userId: string): Promise<void> {
    // Started on the next microtask, so a write enqueued from inside `send` joins this replay.
    this.flushing ??= Promise.resolve()
      .then(() => this.replay(userId))
      .finally(() => {
        this.flushing = null;
      });
    return this.flushing;
  }

  dismiss(seq: number): void {
    this.refresh();
    this.save({ refusals: this.stored.refusals.filter((refusal) => refusal.item.seq !== seq) });
  }

  private async replay(userId: string): Promise<void> {
    for (;;) {
      if (this.refresh()) this.emit();
      const item = this.stored.items.find((candidate) => candidate.userId === userId);
      if (item === undefined) break;
      try {
        const records = await this.deps.send(item);
        this.delivered = [...this.delivered, { item, records }].slice(-MAX_DELIVERED);
        this.isWaiting = false;
        this.refresh();
        this.save({ items: this.stored.items.filter((candidate) => candidate.seq !== item.seq) });
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        if (isRetryableFailure(error)) {
          this.isWaiting = true;
          this.emit();
          return;
        }
        this.refresh();
        this.refuse(item, error);
      }
    }
    if (this.isWaiting) {
      this.isWaiting = false;
      this.emit();
    }
  }

  /** Drops a refused write and the later writes that refer to what it would have created. */
  private refuse(item: OutboxItem, error: ApiError): void {
    const refusals = [
      ...this.stored.refusals,
      { item, code: error.code, message: `${describeOp(item.op)} was not sent: ${error.message}` },
    ];
    const createdId = createdIdOf(item.op);
    const dependents =
      createdId === null
        ? []
        : this.stored.items.filter(
            (candidate) => candidate.seq > item.seq && refersTo(candidate.op, createdId),
          );
    for (const dependent of dependents) {
      refusals.push({
        item: dependent,
        code: error.code,
        message: `${describeOp(dependent.op)} was not sent: what it answers was refused.`,
      });
    }
    const dropped = new Set([item.seq, ...dependents.map((dependent) => dependent.seq)]);
    this.save({ items: this.stored.items.filter((candidate) => !dropped.has(candidate.seq)), refusals });
  }

  /** Reads what storage holds now (another tab may have changed it); true when it changed. */
  private refresh(): boolean {
    const raw = this.deps.storage.getItem(STORAGE_KEY);
    if (raw === this.raw) return false;
    this.raw = raw;
    this.stored = parse(raw);
    return true;
  }

  /** Changes what `refresh` last read, and stores it. */
  private save(patch: Partial<Stored>): void {
    this.stored = { ...this.stored, ...patch };
    this.raw = JSON.stringify(this.stored);
    this.deps.storage.setItem(STORAGE_KEY, this.raw);
    this.emit();
  }

  private computeState(): OutboxState {
    return {
      items: this.stored.items,
      refusals: this.stored.refusals,
      delivered: this.delivered,
      isWaiting: this.isWaiting,
    };
  }

  private emit(): void {
    this.snapshot = this.computeState();
    for (const listener of this.listeners) listener(this.snapshot);
  }
}

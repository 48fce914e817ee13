import { SaveLevel } from '@wethink/shared/client';

/**
 * How far the author's own changes have come, weakest first: `memory` (only in this tab), `device`
 * (committed to IndexedDB), `sent` (the server applied and logged them), `saved` (the server's
 * durable ack covers them; also when there is nothing to save).
 */
export const SaveStage = {
  memory: 'memory',
  device: 'device',
  sent: 'sent',
  saved: 'saved',
} as const;
export type SaveStage = (typeof SaveStage)[keyof typeof SaveStage];

export interface SaveSummary {
  stage: SaveStage;
  /** Local changes not yet covered by a durable ack. */
  unsavedChanges: number;
  /** Of those, how many are committed to IndexedDB (they survive a closed tab). */
  unsavedOnDevice: number;
}

/**
 * Pure bookkeeping behind the save indicator. Every local change gets the next sequence number;
 * each level (device, received, durable) remembers the highest sequence it covers. A save request
 * covers every change made before it was sent, because the server processes one socket in order.
 */
export class SaveTracker {
  private localSeq: number;
  private deviceSeq: number;
  private receivedSeq = 0;
  private durableSeq = 0;
  private nextRequestId = 1;
  private readonly inFlight = new Map<number, number>();

  /** @param carriedOver unsaved changes a previous tab left in IndexedDB. */
  constructor(carriedOver = 0) {
    if (!Number.isInteger(carriedOver) || carriedOver < 0) {
      throw new RangeError(`carriedOver must be a non-negative integer, got ${carriedOver}`);
    }
    this.localSeq = carriedOver;
    this.deviceSeq = carriedOver;
  }

  get latestSeq(): number {
    return this.localSeq;
  }

  recordLocalChange(): number {
    this.localSeq += 1;
    return this.localSeq;
  }

  markOnDevice(seq: number): void {
    this.deviceSeq = Math.max(this.deviceSeq, Math.min(seq, this.localSeq));
  }

  /** Allocates a request id covering every change so far. Ids increase for the tracker's lifetime. */
  beginRequest(): number {
    const requestId = this.nextRequestId++;
    this.inFlight.set(requestId, this.localSeq);
    return requestId;
  }

  /** Applies a server ack. Returns false for an id this tracker is not waiting for. */
  acknowledge(requestId: number, level: number): boolean {
    const seq = this.inFlight.get(requestId);
    if (seq === undefined) return false;
    if (level >= SaveLevel.received) this.receivedSeq = Math.max(this.receivedSeq, seq);
    if (level >= SaveLevel.durable) {
      this.durableSeq = Math.max(this.durableSeq, seq);
      for (const id of this.inFlight.keys()) if (id <= requestId) this.inFlight.delete(id);
    }
    // A durable change was received too, whatever order the acks came in.
    this.receivedSeq = Math.max(this.receivedSeq, this.durableSeq);
    this.deviceSeq = Math.max(this.deviceSeq, this.durableSeq);
    return true;
  }

  /** The socket closed: acks for its requests will never come. Changes go again on the next sync. */
  dropInFlight(): void {
    this.inFlight.clear();
  }

  get hasUnsavedChanges(): boolean {
    return this.durableSeq < this.localSeq;
  }

  summary(): SaveSummary {
    const unsavedChanges = this.localSeq - this.durableSeq;
    const unsavedOnDevice = Math.max(0, this.deviceSeq - this.durableSeq);
    return { stage: this.stage(), unsavedChanges, unsavedOnDevice };
  }

  private stage(): SaveStage {
    if (this.durableSeq >= this.localSeq) return SaveStage.saved;
    if (this.receivedSeq >= this.localSeq) return SaveStage.sent;
    if (this.deviceSeq >= this.localSeq) return SaveStage.device;
    return SaveStage.memory;
  }
}

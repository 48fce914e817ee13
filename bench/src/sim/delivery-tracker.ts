import * as Y from 'yjs';
import type { SyncClient } from '../clients/sync-client';

interface Edit {
  /** The author's Yjs clock after the edit: a receiver has it once its state for the author passes this. */
  clockEnd: number;
  startedMs: number;
}

/**
 * Measures how long each local edit takes to reach every other client. All clients live in this
 * process, so one clock serves both ends: an edit counts as delivered to a receiver when the
 * receiver's Yjs state for the author's client id reaches the edit's clock (integrated, not merely
 * received; an out-of-order update Yjs parks as pending does not count).
 */
export class DeliveryTracker {
  private readonly editsByAuthor = new Map<number, Edit[]>();
  /** receiver index → author client id → index of the author's next undelivered edit. */
  private readonly cursors: Map<number, number>[];
  private samples: number[] = [];
  private delivered = 0;
  private expected = 0;
  private readonly detach: (() => void)[] = [];

  constructor(private readonly clients: readonly SyncClient[]) {
    this.cursors = clients.map(() => new Map());
    clients.forEach((client, index) => {
      const onTransaction = (tr: Y.Transaction): void => {
        if (!tr.local) this.onRemoteTransaction(index);
      };
      client.doc.on('afterTransaction', onTransaction);
      this.detach.push(() => client.doc.off('afterTransaction', onTransaction));
    });
  }

  /** Runs `edit` as the author's keystroke, stamping it before the local transaction starts. */
  recordEdit(author: SyncClient, edit: () => void): void {
    const startedMs = performance.now();
    edit();
    const clientId = author.doc.clientID;
    let edits = this.editsByAuthor.get(clientId);
    if (!edits) {
      edits = [];
      this.editsByAuthor.set(clientId, edits);
    }
    edits.push({ clockEnd: Y.getState(author.doc.store, clientId), startedMs });
    this.expected += this.clients.length - 1;
  }

  private onRemoteTransaction(receiverIndex: number): void {
    const receiver = this.clients[receiverIndex];
    const cursors = this.cursors[receiverIndex];
    if (!receiver || !cursors) return;
    const nowMs = performance.now();
    for (const [authorId, edits] of this.editsByAuthor) {
      if (authorId === receiver.doc.clientID) continue;
      let next = cursors.get(authorId) ?? 0;
      if (next >= edits.length) continue;
      const state = Y.getState(receiver.doc.store, authorId);
      while (next < edits.length) {
        const edit = edits[next];
        if (!edit || edit.clockEnd > state) break;
        this.samples.push(nowMs - edit.startedMs);
        next += 1;
      }
      this.delivered += next - (cursors.get(authorId) ?? 0);
      cursors.set(authorId, next);
    }
  }

  /** Deliveries still outstanding (edit × receiver pairs). */
  get pending(): number {
    return this.expected - this.delivered;
  }

  get deliveredCount(): number {
    return this.delivered;
  }

  /** Returns and clears the latency samples (ms) gathered since the last call. */
  takeSamples(): number[] {
    const taken = this.samples;
    this.samples = [];
    return taken;
  }

  /** Waits until every edit reached every receiver, or `timeoutMs` passed; returns whether it did. */
  async drain(timeoutMs: number): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    while (this.pending > 0 && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return this.pending === 0;
  }

  dispose(): void {
    for (const off of this.detach) off();
  }
}

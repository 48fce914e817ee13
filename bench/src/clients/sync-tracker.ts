import type * as Y from 'yjs';
import type { TransportStats } from './transport-stats';

/** Records the first sync of one client and lets callers wait for it with a deadline. */
export class SyncTracker {
  syncedAtMs: number | null = null;
  textLengthAtSync: number | null = null;
  private waiters: (() => void)[] = [];

  constructor(
    readonly docName: string,
    private readonly text: Y.Text,
    private readonly stats: TransportStats,
  ) {}

  markSynced(): void {
    if (this.syncedAtMs !== null) return;
    this.syncedAtMs = performance.now();
    this.textLengthAtSync = this.text.length;
    for (const resolve of this.waiters) resolve();
    this.waiters = [];
  }

  whenSynced(timeoutMs: number): Promise<void> {
    if (this.syncedAtMs !== null) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== onSynced);
        const lastError = this.stats.lastError ? ` (last socket error: ${this.stats.lastError})` : '';
        reject(new Error(`client of "${this.docName}" not synced after ${timeoutMs} ms${lastError}`));
      }, timeoutMs);
      const onSynced = (): void => {
        clearTimeout(timer);
        resolve();
      };
      this.waiters.push(onSynced);
    });
  }
}

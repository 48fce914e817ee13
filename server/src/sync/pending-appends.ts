import * as Y from 'yjs';
import type { Peer } from './peer';
import type { WriteOrigin } from './room-history';

/** An update that passed the guard and waits to be stored, then relayed and applied. */
export interface PendingAppend {
  update: Uint8Array;
  origin: WriteOrigin;
  /** The peer that sent it (null: the server wrote it). */
  sender: Peer | null;
  /** Client ids this update bound to its principal: stored before it, forgotten if it fails. */
  claims: readonly number[];
  /** Settled once it is applied (a server write waits on it), or rejected when it is not stored. */
  settle?: { resolve: () => void; reject: (error: unknown) => void };
}

/**
 * The updates a room accepted and has not yet stored and applied, in order, including those of
 * the append in flight. The guard checks a later update against the live document plus all of
 * these (`clockOf`): a fast typist's next keystroke builds on the one still being stored. The
 * clocks are only worked out when something is pending, so a quiet room pays nothing for them.
 */
export class PendingAppends {
  private items: PendingAppend[] = [];
  private readonly clocks = new Map<number, number>();
  private coveredCount = 0;

  get size(): number {
    return this.items.length;
  }

  add(item: PendingAppend): void {
    this.items.push(item);
  }

  /** The clock the pending updates bring `clientId` to, or undefined when none of them touches it. */
  clockOf(clientId: number): number | undefined {
    for (; this.coveredCount < this.items.length; this.coveredCount += 1) {
      const { structs } = Y.decodeUpdate(this.items[this.coveredCount]!.update);
      for (const struct of structs) {
        // Skips are holes, not content: the guard ignores them too.
        if (struct instanceof Y.Skip) continue;
        const end = struct.id.clock + struct.length;
        if (end > (this.clocks.get(struct.id.client) ?? 0)) this.clocks.set(struct.id.client, end);
      }
    }
    return this.clocks.get(clientId);
  }

  /** Everything pending now, oldest first, left in place (the guard still counts it). */
  peekAll(): PendingAppend[] {
    return this.items.slice();
  }

  /**
   * Forgets the oldest `count` (stored and applied now, so the live document has them). The
   * clocks of the rest are worked out again when next asked.
   */
  dropFirst(count: number): void {
    this.items = this.items.slice(count);
    this.clocks.clear();
    this.coveredCount = 0;
  }
}

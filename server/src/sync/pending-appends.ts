import * as Y from 'yjs';
import type { Peer } from './peer';
import type { WriteOrigin } from './room-history';

/** An update that passed the guard and waits to be stored with the rest of its turn. */
export interface PendingAppend {
  update: Uint8Array;
  origin: WriteOrigin;
  /** The peer that sent it (null: the server, on a user's behalf). */
  sender: Peer | null;
}

/**
 * The updates a room accepted during the current event-loop turn, in order, not yet stored nor
 * applied. The guard checks a later update of the same turn against the live document plus
 * these (`clockOf`): a fast typist's second keystroke builds on its first. The clocks are only
 * worked out when a turn holds more than one update, so a quiet room pays nothing for them.
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

  /** Everything pending, oldest first; leaves this empty. */
  take(): PendingAppend[] {
    const taken = this.items;
    this.items = [];
    this.clocks.clear();
    this.coveredCount = 0;
    return taken;
  }
}

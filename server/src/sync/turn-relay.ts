import * as Y from 'yjs';
import {
  encodeAwareness,
  encodeAwarenessUpdate,
  encodeBatch,
  encodeUpdate,
  type AwarenessEntry,
} from '@wethink/shared';
import type { Peer } from './peer';

/**
 * What one event-loop turn of a room has for its peers: the updates stored and applied during the
 * turn and the awareness changes, coalesced so a burst from many authors goes out as one message
 * per peer. Frames are encoded once, not per peer.
 */
export class TurnRelay {
  private updates: { update: Uint8Array; sender: Peer | null }[] = [];
  private awareness = new Map<number, AwarenessEntry>();
  private awarenessSenders = new Set<Peer | null>();

  /** An update that is stored and applied (null sender: the server made it). */
  addUpdate(update: Uint8Array, sender: Peer | null): void {
    this.updates.push({ update, sender });
  }

  /** Awareness changes; a later entry of the same client replaces an earlier one. */
  addAwareness(sender: Peer | null, entries: readonly AwarenessEntry[]): void {
    for (const entry of entries) this.awareness.set(entry.clientId, entry);
    this.awarenessSenders.add(sender);
  }

  /**
   * Sends everything gathered and starts over: a merged update to every peer but its lone sender
   * (with several senders each gets the others' updates too), the awareness changes likewise.
   * Batch-capable peers get both in one frame; others get one frame each.
   */
  sendTo(peers: Iterable<Peer>): void {
    const update = this.takeUpdateFrame();
    const awareness = this.takeAwarenessFrame();
    if (update === null && awareness === null) return;
    let both: Uint8Array | null = null;
    for (const peer of peers) {
      const wantsUpdate = update !== null && peer !== update.except;
      const wantsAwareness = awareness !== null && peer !== awareness.except && !peer.isPublic;
      if (wantsUpdate && wantsAwareness && peer.wantsBatches) {
        both ??= encodeBatch([update.frame, awareness.frame]);
        peer.send(both);
        continue;
      }
      if (wantsUpdate && wantsAwareness) peer.sendAll([update.frame, awareness.frame]);
      else if (wantsUpdate) peer.send(update.frame);
      else if (wantsAwareness) peer.send(awareness.frame);
    }
  }

  private takeUpdateFrame(): { frame: Uint8Array; except: Peer | null } | null {
    const batch = this.updates;
    if (batch.length === 0) return null;
    this.updates = [];
    const update = batch.length === 1 ? batch[0]!.update : Y.mergeUpdates(batch.map((item) => item.update));
    const senders = new Set(batch.map((item) => item.sender));
    return { frame: encodeUpdate(update), except: senders.size === 1 ? batch[0]!.sender : null };
  }

  private takeAwarenessFrame(): { frame: Uint8Array; except: Peer | null } | null {
    if (this.awareness.size === 0) return null;
    const entries = [...this.awareness.values()];
    const senders = this.awarenessSenders;
    this.awareness = new Map();
    this.awarenessSenders = new Set();
    return {
      frame: encodeAwareness(encodeAwarenessUpdate(entries)),
      except: senders.size === 1 ? [...senders][0]! : null,
    };
  }
}

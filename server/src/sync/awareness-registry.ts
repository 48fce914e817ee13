import { AppError, type AwarenessEntry } from '@wethink/shared';
import type { Peer } from './peer';

interface Held {
  clock: number;
  state: string;
  owner: Peer;
}

const NULL_STATE = 'null';

/**
 * A room's awareness states, kept as raw JSON text so relaying a cursor move costs no parse.
 * A client id belongs to the peer that first announced it: entries for it from other peers are
 * echoes (stock y-websocket clients send every change they receive back) or spoofs, and are
 * dropped either way.
 */
export class AwarenessRegistry {
  private readonly held = new Map<number, Held>();

  constructor(private readonly limits: { maxClientsPerPeer: number; maxStateBytes: number }) {}

  /** Applies a peer's entries; returns the ones that changed something, to relay. */
  apply(peer: Peer, entries: readonly AwarenessEntry[]): AwarenessEntry[] {
    const changed: AwarenessEntry[] = [];
    for (const entry of entries) {
      const current = this.held.get(entry.clientId);
      if (current && current.owner !== peer) continue;
      if (
        entry.state.length > this.limits.maxStateBytes / 3 &&
        byteLength(entry.state) > this.limits.maxStateBytes
      ) {
        throw new AppError('payload-too-large', `awareness state over ${this.limits.maxStateBytes} bytes`);
      }
      if (!current) {
        if (entry.state === NULL_STATE) continue;
        if (peer.awarenessClientIds.size >= this.limits.maxClientsPerPeer) {
          throw new AppError(
            'forbidden',
            `more than ${this.limits.maxClientsPerPeer} awareness client ids on one connection`,
          );
        }
        peer.awarenessClientIds.add(entry.clientId);
        this.held.set(entry.clientId, { clock: entry.clock, state: entry.state, owner: peer });
        changed.push(entry);
        continue;
      }
      const isNewer =
        entry.clock > current.clock ||
        (entry.clock === current.clock && entry.state === NULL_STATE && current.state !== NULL_STATE);
      if (!isNewer) continue;
      current.clock = entry.clock;
      current.state = entry.state;
      changed.push(entry);
    }
    return changed;
  }

  /** Forgets a leaving peer's ids; returns the removals everyone else must hear about. */
  removePeer(peer: Peer): AwarenessEntry[] {
    const removed: AwarenessEntry[] = [];
    for (const clientId of peer.awarenessClientIds) {
      const current = this.held.get(clientId);
      if (!current || current.owner !== peer) continue;
      this.held.delete(clientId);
      if (current.state !== NULL_STATE)
        removed.push({ clientId, clock: current.clock + 1, state: NULL_STATE });
    }
    peer.awarenessClientIds.clear();
    return removed;
  }

  /** Every live state, for a peer that joins or asks. */
  snapshot(): AwarenessEntry[] {
    const entries: AwarenessEntry[] = [];
    for (const [clientId, held] of this.held) {
      if (held.state !== NULL_STATE) entries.push({ clientId, clock: held.clock, state: held.state });
    }
    return entries;
  }
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}

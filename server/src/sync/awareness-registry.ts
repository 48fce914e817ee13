import { AppError, type AwarenessEntry, type AwarenessIdentity } from '@wethink/shared';
import { isReadableCursor } from './cursor-shape';
/**
 * Who holds a client id's state: a peer of this instance, or another instance (its peers' states
 * arrive already checked and stamped there).
 */
export interface AwarenessOwner {
  readonly awarenessClientIds: Set<number>;
  readonly identity: AwarenessIdentity | null;
}

type Peer = AwarenessOwner;

interface Held {
  /** The clock this state was relayed with: what every client's y-protocols meta holds. */
  clock: number;
  /**
   * How far the relayed clock runs ahead of the owner's own clock, after the server bumped it
   * (a return after removal, a re-stamp). The owner keeps counting from its own clock.
   */
  lag: number;
  state: string;
  owner: Peer;
}

/** What is kept of a removed client id, to tell a late echo of it from its real return. */
interface Tombstone {
  /** The clock of the removal everyone was sent: a return must be relayed above it. */
  clock: number;
  /** Registry epoch of the removal: peers that joined before it may still echo the old state. */
  epoch: number;
  removedAtMs: number;
}

export interface AwarenessRegistryOptions {
  maxClientsPerPeer: number;
  maxStateBytes: number;
  /** How long a removed id's tombstone is kept; echoes arrive within a round trip. */
  tombstoneTtlMs?: number;
  /** Most tombstones kept per room; the oldest go first. */
  maxTombstones?: number;
  /** Monotonic milliseconds, for tombstone expiry only. */
  nowMs?: () => number;
}

const NULL_STATE = 'null';
/**
 * Highest awareness clock a client may send. y-protocols counts one per local state change, so an
 * honest client stays far below it; the server relays a few above a client's clock (a removal, a
 * return after one), which stays far below what every decoder reads (2^53). Without a bound a
 * client at 2^53 - 1 made the server relay its removal at 2^53, which honest clients echoed back
 * and were closed for (issue 16).
 */
export const MAX_AWARENESS_CLOCK = 2 ** 32 - 1;
const DEFAULT_TOMBSTONE_TTL_MS = 30_000;
const DEFAULT_MAX_TOMBSTONES = 1024;

/**
 * A room's awareness states, kept as JSON text so relaying a cursor move costs no more than one
 * parse (to validate it and stamp the sender's identity in). A client id belongs to the peer that
 * first announced it: entries for it from other peers are echoes (stock y-websocket clients send
 * every change they receive back) or spoofs, and are dropped either way. Removed ids leave a
 * tombstone for a while, like y-protocols keeps meta, so a late echo cannot bring one back.
 */
export class AwarenessRegistry {
  private readonly held = new Map<number, Held>();
  /** In removal order, so expiry prunes from the front. */
  private readonly tombstones = new Map<number, Tombstone>();
  /** Epoch of each peer's join; counts up with removals, so "joined before" needs no wall clock. */
  private readonly joinedAt = new WeakMap<Peer, number>();
  private epoch = 0;
  private readonly tombstoneTtlMs: number;
  private readonly maxTombstones: number;
  private readonly nowMs: () => number;

  constructor(private readonly limits: AwarenessRegistryOptions) {
    this.tombstoneTtlMs = limits.tombstoneTtlMs ?? DEFAULT_TOMBSTONE_TTL_MS;
    this.maxTombstones = limits.maxTombstones ?? DEFAULT_MAX_TOMBSTONES;
    this.nowMs = limits.nowMs ?? (() => performance.now());
  }

  /**
   * Notes that a peer joined. A peer never added counts as present all along, so its entries for
   * removed ids are always taken as echoes.
   */
  addPeer(peer: Peer): void {
    this.epoch += 1;
    this.joinedAt.set(peer, this.epoch);
  }

  /**
   * Applies a peer's entries; returns the ones that changed something, to relay. Throws an
   * AppError before storing anything when one entry is bad, so nothing of that message is relayed.
   */
  apply(peer: Peer, entries: readonly AwarenessEntry[]): AwarenessEntry[] {
    return this.store(peer, this.admit(peer, entries));
  }

  /**
   * Applies entries another instance checked and stamped, held under `owner` (one per instance);
   * an id held by anyone else here is left alone. Returns the ones that changed something.
   */
  applyReplicated(owner: AwarenessOwner, entries: readonly AwarenessEntry[]): AwarenessEntry[] {
    return this.store(
      owner,
      entries.filter((entry) => (this.held.get(entry.clientId)?.owner ?? owner) === owner),
    );
  }

  private store(peer: Peer, admitted: readonly AwarenessEntry[]): AwarenessEntry[] {
    const changed: AwarenessEntry[] = [];
    for (const entry of admitted) {
      const current = this.held.get(entry.clientId);
      if (!current) {
        if (entry.state === NULL_STATE) continue;
        const tombstone = this.tombstones.get(entry.clientId);
        this.tombstones.delete(entry.clientId);
        // A return after removal: clients hold the removal's clock, and ignore anything not above it.
        const clock = tombstone ? Math.max(entry.clock, tombstone.clock + 1) : entry.clock;
        peer.awarenessClientIds.add(entry.clientId);
        this.held.set(entry.clientId, { clock, lag: clock - entry.clock, state: entry.state, owner: peer });
        changed.push({ clientId: entry.clientId, clock, state: entry.state });
        continue;
      }
      const clock = relayClock(current, entry);
      if (clock === null) continue;
      current.clock = clock;
      current.state = entry.state;
      changed.push({ clientId: entry.clientId, clock, state: entry.state });
    }
    return changed;
  }

  /** Forgets a leaving peer's ids; returns the removals everyone else must hear about. */
  removePeer(peer: Peer): AwarenessEntry[] {
    const removed: AwarenessEntry[] = [];
    this.epoch += 1;
    const nowMs = this.nowMs();
    for (const clientId of peer.awarenessClientIds) {
      const current = this.held.get(clientId);
      if (!current || current.owner !== peer) continue;
      this.held.delete(clientId);
      const isLive = current.state !== NULL_STATE;
      const clock = isLive ? current.clock + 1 : current.clock;
      if (isLive) removed.push({ clientId, clock, state: NULL_STATE });
      this.tombstones.delete(clientId);
      this.tombstones.set(clientId, { clock, epoch: this.epoch, removedAtMs: nowMs });
    }
    peer.awarenessClientIds.clear();
    this.joinedAt.delete(peer);
    this.pruneTombstones(nowMs);
    return removed;
  }

  /** Every live state (of the owners `isIncluded` picks), for a peer that joins or asks. */
  snapshot(isIncluded?: (owner: AwarenessOwner) => boolean): AwarenessEntry[] {
    const entries: AwarenessEntry[] = [];
    for (const [clientId, held] of this.held) {
      if (held.state === NULL_STATE || (isIncluded && !isIncluded(held.owner))) continue;
      entries.push({ clientId, clock: held.clock, state: held.state });
    }
    return entries;
  }

  /**
   * The entries worth applying, validated and stamped; stores nothing. Echoes and spoofs are
   * dropped before any parse: with stock clients they are most of what arrives.
   */
  private admit(peer: Peer, entries: readonly AwarenessEntry[]): AwarenessEntry[] {
    const admitted: AwarenessEntry[] = [];
    let newClientIds: Set<number> | null = null;
    for (const entry of entries) {
      const current = this.held.get(entry.clientId);
      if (current ? current.owner !== peer : this.isEcho(peer, entry.clientId)) continue;
      if (entry.clock > MAX_AWARENESS_CLOCK) {
        throw new AppError(
          'malformed-message',
          `awareness clock ${entry.clock} of client ${entry.clientId} over ${MAX_AWARENESS_CLOCK}`,
        );
      }
      const state = this.validState(peer, entry);
      if (!current && state !== NULL_STATE) {
        newClientIds ??= new Set();
        newClientIds.add(entry.clientId);
        if (peer.awarenessClientIds.size + newClientIds.size > this.limits.maxClientsPerPeer) {
          throw new AppError(
            'forbidden',
            `more than ${this.limits.maxClientsPerPeer} awareness client ids on one connection`,
          );
        }
      }
      admitted.push(state === entry.state ? entry : { ...entry, state });
    }
    return admitted;
  }

  /** Whether an entry for an id nobody holds is a late echo of a removed one. */
  private isEcho(peer: Peer, clientId: number): boolean {
    const tombstone = this.tombstones.get(clientId);
    if (!tombstone) return false;
    if (this.nowMs() - tombstone.removedAtMs > this.tombstoneTtlMs) {
      this.tombstones.delete(clientId);
      return false;
    }
    // Only a peer that was here when the id was removed can have seen its old state. One that
    // joined later is the client coming back (a reconnect keeps its client id and clock).
    return (this.joinedAt.get(peer) ?? 0) < tombstone.epoch;
  }

  /**
   * The state text to store: y-protocols clients JSON.parse every state and expect an object or
   * null, so anything else would make each of them throw. An authenticated peer's `user` field
   * is overwritten with who the server knows it is.
   */
  private validState(peer: Peer, entry: AwarenessEntry): string {
    if (entry.state === NULL_STATE) return NULL_STATE;
    // Cheap length bound first: a UTF-8 byte is at most 3 UTF-16 units' worth.
    if (
      entry.state.length > this.limits.maxStateBytes / 3 &&
      byteLength(entry.state) > this.limits.maxStateBytes
    ) {
      throw new AppError('payload-too-large', `awareness state over ${this.limits.maxStateBytes} bytes`);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(entry.state);
    } catch (error) {
      throw new AppError('malformed-message', `awareness state of client ${entry.clientId} is not JSON`, {
        cause: error,
      });
    }
    if (parsed === null) return NULL_STATE;
    if (typeof parsed !== 'object' || Array.isArray(parsed)) {
      const kind = Array.isArray(parsed) ? 'an array' : `a ${typeof parsed}`;
      throw new AppError(
        'malformed-message',
        `awareness state of client ${entry.clientId} is ${kind}, not an object or null`,
      );
    }
    const state = parsed as Record<string, unknown>;
    if (!isReadableCursor(state.cursor)) {
      throw new AppError(
        'malformed-message',
        `awareness cursor of client ${entry.clientId} is not two relative positions`,
      );
    }
    return peer.identity ? stamp(state, peer.identity) : entry.state;
  }

  private pruneTombstones(nowMs: number): void {
    for (const [clientId, tombstone] of this.tombstones) {
      const isExpired = nowMs - tombstone.removedAtMs > this.tombstoneTtlMs;
      if (!isExpired && this.tombstones.size <= this.maxTombstones) return;
      this.tombstones.delete(clientId);
    }
  }
}

/**
 * The clock to relay an owner's entry with, or null when it is not newer than what is held. An
 * owner counts from its own clock, `lag` below the relayed one, until it takes the relayed clock:
 * a stock client does when its own state comes back to it with a higher clock (a turn with several
 * senders relays to all), and echoes it unchanged.
 */
function relayClock(held: Held, entry: AwarenessEntry): number | null {
  if (entry.clock > held.clock || (entry.clock === held.clock && entry.state === held.state)) {
    held.lag = 0;
    return entry.clock > held.clock ? entry.clock : null;
  }
  if (held.lag > 0) return entry.clock > held.clock - held.lag ? entry.clock + held.lag : null;
  // y-protocols: at an equal clock only a removal wins.
  const isRemoval = entry.clock === held.clock && entry.state === NULL_STATE && held.state !== NULL_STATE;
  return isRemoval ? entry.clock : null;
}

/** The state as JSON with `user` set to the server's identity; the client's other fields stay. */
function stamp(state: Record<string, unknown>, identity: AwarenessIdentity): string {
  state.user = { id: identity.id, name: identity.name, color: identity.color, role: identity.role };
  return JSON.stringify(state);
}

function byteLength(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}

import type { Role } from '@wethink/shared/client';
import { isRole } from '../account/capabilities';

/**
 * What each person publishes in awareness. `user` is the field y-prosemirror's cursor plugin
 * reads (name and colour of the caret); the server overwrites it with the account's
 * `{ id, name, color, role }` (`AwarenessIdentity`), so a peer's role there can be trusted.
 * `presence` is ours and client-declared. Remote states are untrusted input all the same:
 * `peersFromAwareness` validates every field and skips what does not fit.
 */

export const PresenceActivity = {
  active: 'active',
  typing: 'typing',
  idle: 'idle',
} as const;
export type PresenceActivity = (typeof PresenceActivity)[keyof typeof PresenceActivity];

export interface AwarenessUser {
  id: string;
  name: string;
  color: string;
  /** The translucent variant y-prosemirror paints selections with; the server drops it. */
  colorLight: string;
  role: Role | null;
}

export interface PresenceInfo {
  /** In reading mode: the author looks, the editor does not take input. */
  isReading: boolean;
  activity: PresenceActivity;
}

/** One person in the chapter, as the presence bar shows them. */
export interface Peer {
  clientId: number;
  /** The account behind this tab (server-stamped), or null when the state carries none. */
  userId: string | null;
  name: string;
  color: string;
  /** Their role in the book, or null when the state carries none. */
  role: Role | null;
  isReading: boolean;
  activity: PresenceActivity;
  isLocal: boolean;
  hasCursor: boolean;
}

const MAX_NAME_LENGTH = 40;
const colorPattern = /^#[0-9a-fA-F]{6}$/;

/** The translucent variant of an author's colour. */
export function lightColor(color: string): string {
  return `${color}33`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function oneOf<T extends string>(values: Record<string, T>, value: unknown, fallback: T): T {
  return Object.values(values).includes(value as T) ? (value as T) : fallback;
}

function peerFromState(clientId: number, state: unknown, localClientId: number): Peer | null {
  if (!isRecord(state) || !isRecord(state.user)) return null;
  const { id, name, color, role } = state.user;
  if (typeof name !== 'string' || name.trim() === '') return null;
  const presence = isRecord(state.presence) ? state.presence : {};
  return {
    clientId,
    userId: typeof id === 'string' && id !== '' ? id.slice(0, 64) : null,
    name: name.trim().slice(0, MAX_NAME_LENGTH),
    color: typeof color === 'string' && colorPattern.test(color) ? color : '#777777',
    role: isRole(role) ? role : null,
    isReading: presence.isReading === true,
    activity: oneOf(PresenceActivity, presence.activity, PresenceActivity.active),
    isLocal: clientId === localClientId,
    hasCursor: isRecord(state.cursor),
  };
}

/** The people in a chapter, the local author first, then by name. */
export function peersFromAwareness(states: ReadonlyMap<number, unknown>, localClientId: number): Peer[] {
  const peers: Peer[] = [];
  for (const [clientId, state] of states) {
    const peer = peerFromState(clientId, state, localClientId);
    if (peer !== null) peers.push(peer);
  }
  return peers.sort(
    (a, b) =>
      Number(b.isLocal) - Number(a.isLocal) || a.name.localeCompare(b.name) || a.clientId - b.clientId,
  );
}

/** True when two peer lists would render the same presence bar. */
export function isSamePeerList(a: readonly Peer[], b: readonly Peer[]): boolean {
  return (
    a.length === b.length &&
    a.every((peer, i) => {
      const other = b[i];
      return (
        other !== undefined &&
        peer.clientId === other.clientId &&
        peer.userId === other.userId &&
        peer.name === other.name &&
        peer.color === other.color &&
        peer.role === other.role &&
        peer.isReading === other.isReading &&
        peer.activity === other.activity &&
        peer.hasCursor === other.hasCursor
      );
    })
  );
}

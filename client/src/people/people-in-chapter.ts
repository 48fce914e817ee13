import type { Peer } from '../collab/presence';
import type { MemberMark } from './member-colors';
import { initialsOf } from './member-colors';

/** One person in a chapter, however many tabs they have it open in. */
export interface Person {
  userId: string;
  name: string;
  color: string;
  initials: string;
  role: Peer['role'];
  /** One of this tab's own account (this tab or another of theirs). */
  isLocal: boolean;
  /** How many tabs (connections) they have the chapter open in. */
  tabs: number;
  /** A tab of theirs that shows a caret, to scroll to; null when none does. */
  cursorClientId: number | null;
  isReading: boolean;
  activity: Peer['activity'];
}

const activityRank: Record<Peer['activity'], number> = { typing: 2, active: 1, idle: 0 };

/**
 * Folds the peers (one per tab) into people (one per account), coloured by the book's member marks
 * when known: you first, then by name. A peer without a user id counts as a person of its own.
 */
export function peopleFromPeers(
  peers: readonly Peer[],
  marks: ReadonlyMap<string, MemberMark> | null,
): Person[] {
  const people = new Map<string, Person>();
  for (const peer of peers) {
    const key = peer.userId ?? `client:${peer.clientId}`;
    const mark = peer.userId === null ? undefined : marks?.get(peer.userId);
    const known = people.get(key);
    if (known === undefined) {
      people.set(key, {
        userId: key,
        name: peer.name,
        color: mark?.color ?? peer.color,
        initials: mark?.initials ?? initialsOf(peer.name),
        role: peer.role,
        isLocal: peer.isLocal,
        tabs: 1,
        cursorClientId: peer.hasCursor && !peer.isLocal ? peer.clientId : null,
        isReading: peer.isReading,
        activity: peer.activity,
      });
      continue;
    }
    known.tabs += 1;
    known.isLocal ||= peer.isLocal;
    if (known.cursorClientId === null && peer.hasCursor && !peer.isLocal)
      known.cursorClientId = peer.clientId;
    known.isReading &&= peer.isReading;
    if (activityRank[peer.activity] > activityRank[known.activity]) known.activity = peer.activity;
  }
  return [...people.values()].sort(
    (a, b) =>
      Number(b.isLocal) - Number(a.isLocal) ||
      a.name.localeCompare(b.name) ||
      a.userId.localeCompare(b.userId),
  );
}

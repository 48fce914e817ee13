import { NoticeKind, encodeNotice } from '@wethink/shared';
import type { Peer } from './peer';

/** Who a member connection belongs to: the notices it may receive follow from these two ids. */
export interface NoticeMember {
  bookId: string;
  userId: string;
}

/** Carries "these users' notifications changed" to the other instances (Redis in a cluster). */
export interface NoticeRelay {
  publishNotifications(userIds: readonly string[]): void;
}

// A notice is the same two bytes for everyone: encoded once.
const notificationsFrame = encodeNotice(NoticeKind.notifications);
const membersFrame = encodeNotice(NoticeKind.members);

/**
 * Decides who is told that something they show changed (PROTOCOL.md, type 104): the one place
 * that knows which live member connections belong to which user and which book. Only peers that
 * announced `Feature.notices` get a frame, so stock clients never see one. Public readers are never
 * tracked: they are not members, and what members do is none of their business.
 */
export class NoticeHub {
  private readonly byUser = new Map<string, Set<Peer>>();
  private readonly byBook = new Map<string, Set<Peer>>();

  /** `relay` is read on each change, so the cluster hub may be created after this one. */
  constructor(private readonly deps: { relay?: () => NoticeRelay | null } = {}) {}

  track(peer: Peer, member: NoticeMember): void {
    addTo(this.byUser, member.userId, peer);
    addTo(this.byBook, member.bookId, peer);
  }

  untrack(peer: Peer, member: NoticeMember): void {
    removeFrom(this.byUser, member.userId, peer);
    removeFrom(this.byBook, member.bookId, peer);
  }

  /** These users' notifications changed here: tell their connections on every instance. */
  notificationsChanged(userIds: readonly string[]): void {
    if (userIds.length === 0) return;
    this.deliverNotifications(userIds);
    this.deps.relay?.()?.publishNotifications(userIds);
  }

  /** Tells this instance's connections of these users (a change made here, or on another instance). */
  deliverNotifications(userIds: readonly string[]): void {
    for (const userId of new Set(userIds)) send(this.byUser.get(userId), notificationsFrame);
  }

  /**
   * A book's members changed. Local only: a membership change already reaches every instance on
   * its own channel, and each instance calls this when it applies one.
   */
  membersChanged(bookId: string): void {
    send(this.byBook.get(bookId), membersFrame);
  }
}

function send(peers: ReadonlySet<Peer> | undefined, frame: Uint8Array): void {
  for (const peer of peers ?? []) if (peer.wantsNotices) peer.send(frame);
}

function addTo(index: Map<string, Set<Peer>>, key: string, peer: Peer): void {
  let peers = index.get(key);
  if (!peers) index.set(key, (peers = new Set()));
  peers.add(peer);
}

function removeFrom(index: Map<string, Set<Peer>>, key: string, peer: Peer): void {
  const peers = index.get(key);
  if (!peers?.delete(peer) || peers.size > 0) return;
  index.delete(key);
}

import { Role, canManageMembers, canWrite } from '@wethink/shared/client';

/** What the interface offers a member of a book. The server enforces the same rules regardless. */
export interface Capabilities {
  /** Edit chapters, create and rename chapters, rename the book. */
  canWrite: boolean;
  /** Change roles, remove members, create and revoke invites. */
  canManageMembers: boolean;
  /** The badge a read-only member sees, or null for writers. */
  badge: string | null;
}

const badges: Record<Role, string | null> = {
  [Role.owner]: null,
  [Role.author]: null,
  [Role.reviewer]: 'Reviewing',
  [Role.reader]: 'Reading only',
};

/** `null` is a role not known yet (offline, never fetched): read-only until the server says more. */
export function capabilitiesOf(role: Role | null): Capabilities {
  if (role === null) return { canWrite: false, canManageMembers: false, badge: null };
  return { canWrite: canWrite(role), canManageMembers: canManageMembers(role), badge: badges[role] };
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (Object.values(Role) as string[]).includes(value);
}

/** What the comments panel offers a member. The server enforces the same rules regardless. */
export interface CommentCapabilities {
  /** Start threads and reply at any time: owners, authors, reviewers. */
  canComment: boolean;
  /** Comment only while the owner has a review round open: readers. */
  canCommentInRound: boolean;
  /** Resolve and reopen threads: owners and authors. */
  canResolve: boolean;
  /** Send a draft to readers and close the round: the owner. */
  canManageRounds: boolean;
  /** Delete other people's comments too: the owner. */
  canDeleteAny: boolean;
}

export function commentCapabilitiesOf(role: Role | null): CommentCapabilities {
  const isOwner = role === Role.owner;
  return {
    canComment: role === Role.owner || role === Role.author || role === Role.reviewer,
    canCommentInRound: role === Role.reader,
    canResolve: role !== null && canWrite(role),
    canManageRounds: isOwner,
    canDeleteAny: isOwner,
  };
}

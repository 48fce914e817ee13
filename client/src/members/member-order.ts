import type { InviteView, MemberView } from '@wethink/shared/client';

/** Code-unit order, as the server's stores sort (SQLite's BINARY, PostgreSQL's "C" collation). */
function binary(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Invite links newest first, as the server lists them. A link made on this page goes where a
 * reload will show it, so the list never reorders between loads (and the wrong link is never
 * under the pointer).
 */
export function orderInvites(invites: readonly InviteView[]): InviteView[] {
  return [...invites].sort((a, b) => binary(b.createdAt, a.createdAt) || binary(b.id, a.id));
}

/** Members by name, then id, as the server lists them. */
export function orderMembers(members: readonly MemberView[]): MemberView[] {
  return [...members].sort((a, b) => binary(a.name, b.name) || binary(a.userId, b.userId));
}

import { Role, canManageMembers, canWrite } from '@wethink/shared';

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

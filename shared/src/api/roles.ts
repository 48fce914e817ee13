/**
 * What a member of a book may do. The server decides from these, never the client:
 * owner and author write chapters (and the chapter list); reviewer and reader only read, though
 * everyone's cursor and presence are shared. Only the owner manages members and invites.
 */
export const Role = {
  owner: 'owner',
  author: 'author',
  reviewer: 'reviewer',
  reader: 'reader',
} as const;
export type Role = (typeof Role)[keyof typeof Role];

export const roles: readonly Role[] = [Role.owner, Role.author, Role.reviewer, Role.reader];

export function canWrite(role: Role): boolean {
  return role === Role.owner || role === Role.author;
}

export function canManageMembers(role: Role): boolean {
  return role === Role.owner;
}

/** The lesser of two roles: a token never grants more than the member currently has. */
export function lesserRole(a: Role, b: Role): Role {
  return roles.indexOf(a) >= roles.indexOf(b) ? a : b;
}

import type { MemberView } from '@wethink/shared';

/** How the history shows a person: their name and their presence colour. */
export interface AuthorInfo {
  name: string;
  color: string;
}

export type AuthorDirectory = ReadonlyMap<string, AuthorInfo>;

export const UNKNOWN_AUTHOR: AuthorInfo = { name: 'Unknown', color: '#777777' };

/** The book's members by user id. People who left the book are not in it: show them as unknown. */
export function authorDirectory(members: readonly MemberView[]): AuthorDirectory {
  return new Map(members.map((member) => [member.userId, { name: member.name, color: member.color }]));
}

export function authorOf(directory: AuthorDirectory, userId: string | null): AuthorInfo {
  return (userId === null ? undefined : directory.get(userId)) ?? UNKNOWN_AUTHOR;
}

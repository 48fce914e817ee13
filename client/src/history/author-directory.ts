import type { MemberView } from '@wethink/shared/client';
import { memberMarks } from '../people/member-colors';

/** How the history shows a person: their name, their colour in the book and their initials. */
export interface AuthorInfo {
  name: string;
  color: string;
  initials: string;
}

export type AuthorDirectory = ReadonlyMap<string, AuthorInfo>;

export const UNKNOWN_AUTHOR: AuthorInfo = { name: 'Unknown', color: '#777777', initials: '?' };

/**
 * The book's members by user id, each in the colour the book gives them (distinct from every other
 * member's; see `memberMarks`). People who left the book are not in it: show them as unknown.
 */
export function authorDirectory(members: readonly MemberView[]): AuthorDirectory {
  const marks = memberMarks(members);
  return new Map(
    members.map((member) => {
      const mark = marks.get(member.userId);
      return [
        member.userId,
        { name: member.name, color: mark?.color ?? member.color, initials: mark?.initials ?? '?' },
      ];
    }),
  );
}

export function authorOf(directory: AuthorDirectory, userId: string | null): AuthorInfo {
  return (userId === null ? undefined : directory.get(userId)) ?? UNKNOWN_AUTHOR;
}

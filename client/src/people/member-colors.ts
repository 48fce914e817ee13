import { pickMemberColor } from '@wethink/shared/client';

/**
 * Each member of a book has a colour no other member of that book has. The server assigns it when
 * they join and keeps it (see `pickMemberColor` in shared), so the member list's colours are
 * already distinct; this still de-clashes a list that is not (memberships from before colours
 * were stored per book), the same way on every device: owner first, then by user id, each
 * keeping their colour when it is readable and far enough from every colour given before.
 */

export interface MemberColorInput {
  userId: string;
  name: string;
  color: string;
  role: string;
}

/** How the page shows one member: their colour and initials (the cue that does not need colour). */
export interface MemberMark {
  color: string;
  initials: string;
}

/** "Ada Lovelace" → "AL", "Ada" → "AD"; letters only, at most two. */
export function initialsOf(name: string): string {
  const words = name
    .trim()
    .split(/\s+/)
    .filter((word) => word !== '');
  const first = words[0] ?? '?';
  const initials =
    words.length > 1 ? `${first[0] ?? ''}${words[words.length - 1]?.[0] ?? ''}` : first.slice(0, 2);
  return initials.toUpperCase();
}

/** Colours and initials for every member of one book, by user id. */
export function memberMarks(members: readonly MemberColorInput[]): Map<string, MemberMark> {
  const ordered = [...members].sort(
    (a, b) => Number(b.role === 'owner') - Number(a.role === 'owner') || a.userId.localeCompare(b.userId),
  );
  const taken: string[] = [];
  const marks = new Map<string, MemberMark>();
  for (const member of ordered) {
    const color = pickMemberColor(member.color, taken);
    taken.push(color);
    marks.set(member.userId, { color, initials: initialsOf(member.name) });
  }
  return marks;
}

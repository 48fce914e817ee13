import { separateMemberColors, type Role } from '@wethink/shared';

/** The name under which the stores record that the repair was done (`data_repairs`). */
export const MEMBER_COLORS_REPAIR = 'member-colors-distinct';

export interface StoredMemberColor {
  bookId: string;
  userId: string;
  role: Role;
  /** The membership's colour (its account colour when none was stored). */
  color: string;
  accountColor: string;
}

/** Whose colour is kept first when two clash: the owner's, then authors', reviewers', readers'. */
const KEEP_ORDER: Record<Role, number> = { owner: 0, author: 1, reviewer: 2, reader: 3 };

/**
 * The memberships to recolour so that every book's members are told apart, from all stored ones
 * (any order: each book's are ordered here, so every store repairs alike).
 */
export function memberColorRepairs(
  rows: readonly StoredMemberColor[],
): Array<{ bookId: string; userId: string; color: string }> {
  const byBook = new Map<string, StoredMemberColor[]>();
  for (const row of rows) {
    const members = byBook.get(row.bookId) ?? [];
    members.push(row);
    byBook.set(row.bookId, members);
  }
  const repairs: Array<{ bookId: string; userId: string; color: string }> = [];
  for (const [bookId, members] of byBook) {
    members.sort(
      (a, b) =>
        KEEP_ORDER[a.role] - KEEP_ORDER[b.role] || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0),
    );
    for (const [userId, color] of separateMemberColors(members)) repairs.push({ bookId, userId, color });
  }
  return repairs;
}

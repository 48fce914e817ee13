import type { Role } from '@wethink/shared';

/** What happened in one chapter, by user id: surviving words per author and each comment's author. */
export interface ChapterActivity {
  title: string;
  words: ReadonlyMap<string, number>;
  commentAuthors: readonly string[];
  /** The suggester of each accepted suggestion (their words are among `words` while they last). */
  acceptedSuggesters: readonly string[];
}

export interface CreditedAuthor {
  name: string;
  words: number;
  /** The chapters they wrote in, in the book's order. */
  chapters: { title: string; words: number }[];
  /** Their suggestions that an owner or author accepted. */
  suggestionsAccepted: number;
}

export interface CreditedCommenter {
  name: string;
  /** Their role in the book now; null once they have left it. */
  role: Role | null;
  comments: number;
  chapters: { title: string; comments: number }[];
  /** Their suggestions that an owner or author accepted. */
  suggestionsAccepted: number;
}

/**
 * The book's contributors page, from the server's attested history (text bound to the client ids
 * of whoever wrote it; comments written by the server on their author's behalf): authors with what
 * they wrote, and those who only commented or suggested (reviewers, readers) with what they
 * commented on; everyone's accepted suggestions counted.
 * Names only: e-mail addresses never leave the server in an export.
 */
export interface Contributors {
  authors: CreditedAuthor[];
  commenters: CreditedCommenter[];
}

const byCountThenName =
  <T extends { name: string }>(count: (item: T) => number) =>
  (a: T, b: T) =>
    count(b) - count(a) || a.name.localeCompare(b.name);

export async function creditContributors(
  chapters: readonly ChapterActivity[],
  roles: ReadonlyMap<string, Role>,
  people: { names(userIds: Iterable<string>): Promise<Map<string, string>> },
): Promise<Contributors> {
  const written = new Map<string, { title: string; words: number }[]>();
  const commented = new Map<string, { title: string; comments: number }[]>();
  const accepted = new Map<string, number>();
  for (const chapter of chapters) {
    for (const userId of chapter.acceptedSuggesters) accepted.set(userId, (accepted.get(userId) ?? 0) + 1);
    for (const [userId, words] of chapter.words) {
      if (words > 0) pushTo(written, userId, { title: chapter.title, words });
    }
    const counts = new Map<string, number>();
    for (const userId of chapter.commentAuthors) counts.set(userId, (counts.get(userId) ?? 0) + 1);
    for (const [userId, comments] of counts) pushTo(commented, userId, { title: chapter.title, comments });
  }
  // Suggested and accepted, but no comment and none of their words left: credited all the same.
  for (const userId of accepted.keys()) if (!commented.has(userId)) commented.set(userId, []);
  const names = await people.names(new Set([...written.keys(), ...commented.keys()]));
  const nameOf = (userId: string): string => names.get(userId) ?? 'A former member';
  const authors = [...written].map(([userId, list]) => ({
    name: nameOf(userId),
    words: list.reduce((sum, entry) => sum + entry.words, 0),
    chapters: list,
    suggestionsAccepted: accepted.get(userId) ?? 0,
  }));
  const commenters = [...commented]
    .filter(([userId]) => !written.has(userId))
    .map(([userId, list]) => ({
      name: nameOf(userId),
      role: roles.get(userId) ?? null,
      comments: list.reduce((sum, entry) => sum + entry.comments, 0),
      chapters: list,
      suggestionsAccepted: accepted.get(userId) ?? 0,
    }));
  return {
    authors: authors.sort(byCountThenName((author) => author.words)),
    commenters: commenters.sort(byCountThenName((commenter) => commenter.comments)),
  };
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

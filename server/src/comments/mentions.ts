/** A member who can be mentioned. */
export interface Mentionable {
  userId: string;
  name: string;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The members a comment mentions with `@name` (case-insensitive, the whole display name, not part
 * of a longer word), each once. Longer names are tried first, so `@Ada Lovelace` is not also `@Ada`.
 */
export function mentionsIn(body: string, members: readonly Mentionable[]): string[] {
  const found: string[] = [];
  let rest = body;
  for (const member of [...members].sort((a, b) => b.name.length - a.name.length)) {
    const pattern = new RegExp(`(^|[^\\p{L}\\p{N}_])@${escapeRegExp(member.name)}(?![\\p{L}\\p{N}_])`, 'giu');
    if (!pattern.test(rest)) continue;
    found.push(member.userId);
    // Blank out what matched so a shorter name inside it does not match again.
    rest = rest.replace(pattern, (_match, before: string) => `${before} `);
  }
  return [...new Set(found)];
}

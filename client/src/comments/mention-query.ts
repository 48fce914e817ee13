/** The `@…` being typed at the caret: `start` is the `@`, `end` the caret, `text` what follows the `@`. */
export interface MentionQuery {
  start: number;
  end: number;
  text: string;
}

const wordChar = /[\p{L}\p{N}_]/u;
/** Longer than any display name worth completing: past this the `@` is not being completed. */
const MAX_QUERY_CHARS = 60;
/** Suggestions shown at most. */
export const MAX_SUGGESTIONS = 8;

/**
 * The mention being typed just before `caret`, or null. An `@` counts where the server's parser
 * would read a mention (mentions.ts on both sides): at the start or after a non-word character, so
 * an email address is none. Names may hold spaces, so the query may too, but not a line break.
 */
export function mentionQueryAt(value: string, caret: number): MentionQuery | null {
  const before = value.slice(Math.max(0, caret - MAX_QUERY_CHARS - 1), caret);
  const at = before.lastIndexOf('@');
  if (at === -1) return null;
  const start = caret - before.length + at;
  const text = value.slice(start + 1, caret);
  if (text.includes('\n') || text.startsWith(' ')) return null;
  if (start > 0 && wordChar.test(value[start - 1] ?? '')) return null;
  return { start, end: caret, text };
}

/**
 * Names that complete `query`: those starting with it come first, then those with a later word
 * starting with it, each group in alphabetical order; any case. Empty query: every name.
 */
export function matchingNames(names: readonly string[], query: string): string[] {
  const wanted = query.toLocaleLowerCase();
  const unique = [...new Set(names.filter((name) => name.trim() !== ''))].sort((a, b) =>
    a.localeCompare(b, undefined, { sensitivity: 'base' }),
  );
  const leading = unique.filter((name) => name.toLocaleLowerCase().startsWith(wanted));
  const inner = unique.filter(
    (name) =>
      !leading.includes(name) &&
      name
        .toLocaleLowerCase()
        .split(/\s+/u)
        .slice(1)
        .some((word) => word.startsWith(wanted)),
  );
  return [...leading, ...inner].slice(0, MAX_SUGGESTIONS);
}

/**
 * `value` with the query replaced by `@name` and a space, as the server reads a mention (the whole
 * display name after an `@`, not followed by a word character); `caret` lands after the space.
 */
export function insertMention(
  value: string,
  query: MentionQuery,
  name: string,
): { value: string; caret: number } {
  const rest = value.slice(query.end);
  const inserted = `@${name}${rest.startsWith(' ') ? '' : ' '}`;
  return {
    value: value.slice(0, query.start) + inserted + rest,
    caret: query.start + inserted.length + (rest.startsWith(' ') ? 1 : 0),
  };
}

/** A piece of a comment's text: plain words, or an `@Name` naming a member. */
export interface BodySegment {
  text: string;
  isMention: boolean;
}

const wordChar = /[\p{L}\p{N}_]/u;

/**
 * Splits a comment's plain text into runs and `@Name` mentions of the given members (longest
 * name first, any case; an `@` inside a word, as in an email address, is no mention). The text is
 * never parsed as markup: the segments are rendered as text.
 */
export function mentionSegments(body: string, names: readonly string[]): BodySegment[] {
  const candidates = [...new Set(names.filter((name) => name.trim() !== ''))].sort(
    (a, b) => b.length - a.length,
  );
  const segments: BodySegment[] = [];
  let plainStart = 0;
  let index = body.indexOf('@');
  while (index !== -1) {
    const length =
      index > 0 && wordChar.test(body[index - 1] ?? '') ? 0 : mentionLength(body, index + 1, candidates);
    if (length > 0) {
      if (index > plainStart) segments.push({ text: body.slice(plainStart, index), isMention: false });
      segments.push({ text: body.slice(index, index + 1 + length), isMention: true });
      plainStart = index + 1 + length;
    }
    index = body.indexOf('@', Math.max(index + 1, plainStart));
  }
  if (plainStart < body.length) segments.push({ text: body.slice(plainStart), isMention: false });
  return segments;
}

/** How many characters after the `@` at `start - 1` name a member, or 0. */
function mentionLength(body: string, start: number, names: readonly string[]): number {
  for (const name of names) {
    const candidate = body.slice(start, start + name.length);
    if (candidate.toLocaleLowerCase() !== name.toLocaleLowerCase()) continue;
    const next = body[start + name.length];
    if (next === undefined || !wordChar.test(next)) return name.length;
  }
  return 0;
}

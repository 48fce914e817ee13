import diff from 'fast-diff';

/** Words, runs of space and single other characters: a change covers whole words. */
const tokenPattern = /[\p{L}\p{N}_'\u2019]+|\s+|./gsu;
/** Private-use characters stand for distinct tokens, so fast-diff aligns tokens, not letters. */
const FIRST_TOKEN_CHAR = 0xe000;
const TOKEN_CHARS = 0x1900;

/**
 * A diff of two texts in fast-diff's form whose changes are whole words (a changed word is
 * deleted and retyped whole, never stitched from the old word's letters), with semantic cleanup
 * (a shared space between two changed words is part of the change). Falls back to fast-diff by
 * character when the texts hold more distinct words than there are private-use characters.
 */
export function wordDiff(from: string, to: string): diff.Diff[] {
  const codes = new Map<string, string>();
  const encode = (text: string): { code: string; tokens: string[] } | null => {
    const tokens = text.match(tokenPattern) ?? [];
    let code = '';
    for (const token of tokens) {
      let char = codes.get(token);
      if (char === undefined) {
        if (codes.size >= TOKEN_CHARS) return null;
        char = String.fromCharCode(FIRST_TOKEN_CHAR + codes.size);
        codes.set(token, char);
      }
      code += char;
    }
    return { code, tokens };
  };
  const a = encode(from);
  const b = encode(to);
  if (!a || !b) return diff(from, to, undefined, true);
  const out: diff.Diff[] = [];
  let [i, j] = [0, 0];
  for (const [op, chars] of diff(a.code, b.code, undefined, true)) {
    let text = '';
    for (let k = 0; k < chars.length; k++) {
      if (op === diff.INSERT) text += b.tokens[j++]!;
      else if (op === diff.DELETE) text += a.tokens[i++]!;
      else {
        text += a.tokens[i++]!;
        j += 1;
      }
    }
    if (text !== '') out.push([op, text]);
  }
  return out;
}

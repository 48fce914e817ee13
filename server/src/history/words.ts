const WORD_CHAR = /[\p{L}\p{N}_]/u;

/** Letters, digits and underscore, in any script. */
export function isWordChar(char: string | undefined): boolean {
  if (char === undefined) return false;
  const code = char.charCodeAt(0);
  if (code < 128) {
    return (
      (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95
    );
  }
  return WORD_CHAR.test(char);
}

/**
 * How many words start in `text` when the character before it is `before`. A word is counted where
 * it starts, so typing "hello" one key at a time adds one word, and so does pasting it.
 */
export function countWordStarts(text: string, before: string | undefined): number {
  let count = 0;
  let wasWord = isWordChar(before);
  for (let i = 0; i < text.length; i++) {
    const isWord = isWordChar(text[i]);
    if (isWord && !wasWord) count += 1;
    wasWord = isWord;
  }
  return count;
}

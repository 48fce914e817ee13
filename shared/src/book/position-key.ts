/**
 * Position keys (fractional indexing): strings whose lexicographic order is the order of the items
 * they place. A key can always be made between two others, so moving one item rewrites only its
 * own key, and concurrent moves of different items never touch the same field.
 *
 * Keys are non-empty strings over `DIGITS` that never end in the smallest digit (so there is
 * always room below them). Two clients inserting into the same gap at once may make the same key;
 * readers break such ties by id, so every replica still sees one order.
 */
export const DIGITS = '0123456789abcdefghijklmnopqrstuvwxyz';
const ZERO = DIGITS[0]!;

/** Whether `key` is a well-formed position key. */
export function isPositionKey(key: unknown): key is string {
  if (typeof key !== 'string' || key === '' || key.length > 1000 || key.endsWith(ZERO)) return false;
  for (const char of key) if (!DIGITS.includes(char)) return false;
  return true;
}

/** A key between `a` and `b` (`a` < result < `b`); `a` empty means "before everything", `b` null "after". */
function midpoint(a: string, b: string | null): string {
  if (b !== null) {
    let shared = 0;
    while ((a[shared] ?? ZERO) === b[shared]) shared += 1;
    if (shared > 0) return b.slice(0, shared) + midpoint(a.slice(shared), b.slice(shared));
  }
  const low = a === '' ? 0 : DIGITS.indexOf(a[0]!);
  const high = b === null ? DIGITS.length : DIGITS.indexOf(b[0]!);
  if (high - low > 1) return DIGITS[Math.round((low + high) / 2)]!;
  // Adjacent first digits: a longer `b` leaves room at its first digit alone; else go past `a`.
  if (b !== null && b.length > 1) return b.slice(0, 1);
  return DIGITS[low]! + midpoint(a.slice(1), null);
}

/**
 * A key strictly between `before` and `after` (null: open end). Throws a RangeError when they are
 * not well-formed keys in increasing order: callers re-space a list whose neighbours tie.
 */
export function keyBetween(before: string | null, after: string | null): string {
  if (before !== null && !isPositionKey(before))
    throw new RangeError(`not a position key: ${JSON.stringify(before)}`);
  if (after !== null && !isPositionKey(after))
    throw new RangeError(`not a position key: ${JSON.stringify(after)}`);
  if (before !== null && after !== null && before >= after) {
    throw new RangeError(`keys out of order: ${JSON.stringify(before)} >= ${JSON.stringify(after)}`);
  }
  return midpoint(before ?? '', after);
}

/** `count` increasing keys between `before` and `after`, spread so that later inserts stay short. */
export function keysBetween(before: string | null, after: string | null, count: number): string[] {
  if (count <= 0) return [];
  if (count === 1) return [keyBetween(before, after)];
  const middle = keyBetween(before, after);
  const half = Math.floor(count / 2);
  return [...keysBetween(before, middle, half), middle, ...keysBetween(middle, after, count - half - 1)];
}

/**
 * The key of the `index`-th entry of a list stored before position keys existed (a Y.Array):
 * depends on the index only, so two clients that migrate the same list at once write equal keys.
 */
export function legacyKey(index: number): string {
  if (!Number.isInteger(index) || index < 0) throw new RangeError(`bad legacy index ${index}`);
  return `h${index.toString(36).padStart(5, ZERO)}i`;
}

/**
 * Each member of a book gets a colour no other member of that book has. Pure: the same member
 * list gives the same colours on every device, so cursors, presence, authors' colours, the diff
 * and the charts agree without storing anything.
 *
 * Members are taken owner first, then by user id (membership order is not in the API; ids never
 * change, names do). Each keeps their account colour when it is readable on the page and far
 * enough from every colour given before; otherwise they get the first free colour of `PALETTE`.
 */

/**
 * Twelve colours that stay apart for common colour-vision deficiencies as far as twelve can, all
 * dark enough for white initials (contrast with white at least 4.5:1, checked in the tests).
 */
export const PALETTE = [
  '#1f5fbf', // blue
  '#b03a00', // burnt orange
  '#1b7a3a', // green
  '#8e24aa', // purple
  '#c2185b', // magenta
  '#00707a', // teal
  '#6d4c41', // brown
  '#5c6b00', // olive
  '#3d2f8f', // indigo
  '#b00020', // red
  '#333333', // charcoal
  '#7a5200', // ochre
] as const;

/** Colours closer than this (CIE76 ΔE in Lab) are taken for the same one at a glance. */
export const MIN_COLOR_DISTANCE = 22;
const MIN_CONTRAST_ON_WHITE = 4.5;
const colorPattern = /^#[0-9a-fA-F]{6}$/;

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

function channels(hex: string): [number, number, number] {
  const value = Number.parseInt(hex.slice(1), 16);
  return [(value >> 16) & 255, (value >> 8) & 255, value & 255];
}

function linear(channel: number): number {
  const c = channel / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

/** WCAG relative luminance. */
function luminance(hex: string): number {
  const [r, g, b] = channels(hex).map(linear) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastOnWhite(hex: string): number {
  return 1.05 / (luminance(hex) + 0.05);
}

function lab(hex: string): [number, number, number] {
  const [r, g, b] = channels(hex).map(linear) as [number, number, number];
  const xyz = [
    (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
    0.2126 * r + 0.7152 * g + 0.0722 * b,
    (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
  ].map((t) => (t > 216 / 24389 ? Math.cbrt(t) : ((24389 / 27) * t + 16) / 116)) as [number, number, number];
  return [116 * xyz[1] - 16, 500 * (xyz[0] - xyz[1]), 200 * (xyz[1] - xyz[2])];
}

/** CIE76 colour difference: Euclidean distance in CIELAB. */
export function colorDistance(a: string, b: string): number {
  const [l1, a1, b1] = lab(a);
  const [l2, a2, b2] = lab(b);
  return Math.hypot(l1 - l2, a1 - a2, b1 - b2);
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

function isUsable(color: string, taken: readonly string[]): boolean {
  return (
    colorPattern.test(color) &&
    contrastOnWhite(color) >= MIN_CONTRAST_ON_WHITE &&
    taken.every((other) => colorDistance(color, other) >= MIN_COLOR_DISTANCE)
  );
}

/** Colours and initials for every member of one book, by user id. */
export function memberMarks(members: readonly MemberColorInput[]): Map<string, MemberMark> {
  const ordered = [...members].sort(
    (a, b) => Number(b.role === 'owner') - Number(a.role === 'owner') || a.userId.localeCompare(b.userId),
  );
  const taken: string[] = [];
  const marks = new Map<string, MemberMark>();
  for (const member of ordered) {
    const own = member.color.toLowerCase();
    const color = isUsable(own, taken)
      ? own
      : (PALETTE.find((candidate) => isUsable(candidate, taken)) ??
        PALETTE[taken.length % PALETTE.length] ??
        PALETTE[0]);
    taken.push(color);
    marks.set(member.userId, { color, initials: initialsOf(member.name) });
  }
  return marks;
}

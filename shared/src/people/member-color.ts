/**
 * Colours that tell the members of a book apart: perceptual distance (CIE76 ΔE in Lab), contrast
 * on the page, and the choice of a new member's colour. Pure: the server assigns and checks with
 * it, the client draws with the same numbers.
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

/** What each palette colour is called in choosers (the name is the cue that needs no colour vision). */
export const PALETTE_NAMES: Record<(typeof PALETTE)[number], string> = {
  '#1f5fbf': 'Blue',
  '#b03a00': 'Burnt orange',
  '#1b7a3a': 'Green',
  '#8e24aa': 'Purple',
  '#c2185b': 'Magenta',
  '#00707a': 'Teal',
  '#6d4c41': 'Brown',
  '#5c6b00': 'Olive',
  '#3d2f8f': 'Indigo',
  '#b00020': 'Red',
  '#333333': 'Charcoal',
  '#7a5200': 'Ochre',
};

/** Colours closer than this (CIE76 ΔE in Lab) are taken for the same one at a glance. */
export const MIN_COLOR_DISTANCE = 22;
/** WCAG AA for text: a member's colour carries white initials and tints text on the page. */
export const MIN_CONTRAST_ON_WHITE = 4.5;
const colorPattern = /^#[0-9a-f]{6}$/;

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

/** Why a colour cannot be a member's in a book, or null when it can. */
export type MemberColorProblem = 'malformed' | 'unreadable' | 'too-close';

/** Checks `color` (`#rrggbb`, lower case) against the colours other members of the book have. */
export function memberColorProblem(color: string, taken: readonly string[]): MemberColorProblem | null {
  if (!colorPattern.test(color)) return 'malformed';
  if (contrastOnWhite(color) < MIN_CONTRAST_ON_WHITE) return 'unreadable';
  if (taken.some((other) => colorDistance(color, other.toLowerCase()) < MIN_COLOR_DISTANCE))
    return 'too-close';
  return null;
}

function hex(r: number, g: number, b: number): string {
  return `#${[r, g, b].map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;
}

/** HSL to `#rrggbb` (h in degrees, s and l in 0..1). */
function hsl(h: number, s: number, l: number): string {
  const k = (n: number) => (n + h / 30) % 12;
  const a = s * Math.min(l, 1 - l);
  const f = (n: number) => l - a * Math.max(-1, Math.min(k(n) - 3, Math.min(9 - k(n), 1)));
  return hex(f(0) * 255, f(8) * 255, f(4) * 255);
}

/**
 * When the palette is used up by clashing account colours: readable hues around the wheel at
 * two depths, tried after the palette (the palette's colours are the better-tested ones).
 */
const SPARE_COLORS: readonly string[] = [0.28, 0.38].flatMap((lightness) =>
  Array.from({ length: 24 }, (_, step) => hsl(step * 15, 0.75, lightness)).filter(
    (color) => contrastOnWhite(color) >= MIN_CONTRAST_ON_WHITE,
  ),
);

/**
 * The colour a new member gets in a book whose other members have `taken`: their own (account)
 * colour when it is readable and far enough from every taken one, else the first palette colour
 * that is, else the first spare one that is; when none is (far more members than colours), the
 * candidate farthest from its nearest taken colour.
 */
export function pickMemberColor(own: string, taken: readonly string[]): string {
  const wanted = own.toLowerCase();
  if (memberColorProblem(wanted, taken) === null) return wanted;
  const candidates = [...PALETTE, ...SPARE_COLORS];
  const free = candidates.find((candidate) => memberColorProblem(candidate, taken) === null);
  if (free !== undefined) return free;
  const nearest = (candidate: string) => Math.min(...taken.map((other) => colorDistance(candidate, other)));
  return candidates.reduce((best, candidate) => (nearest(candidate) > nearest(best) ? candidate : best));
}

/** A membership as the colour repair sees it. */
export interface MemberColorEntry {
  userId: string;
  /** The colour the membership has now. */
  color: string;
  /** The member's account colour: what `pickMemberColor` tries first. */
  accountColor: string;
}

/**
 * The new colours that make a book's members distinct, for books whose members were given colours
 * before colours were chosen per book (they kept their account colours, drawn at random from a
 * small palette, so two members could share one). `members` come in the order their colours are
 * kept (the owner first): each keeps theirs when it is readable and far enough from everyone's
 * before them, else gets `pickMemberColor` against those. Only the changed ones are returned.
 */
export function separateMemberColors(members: readonly MemberColorEntry[]): Map<string, string> {
  const taken: string[] = [];
  const changed = new Map<string, string>();
  for (const member of members) {
    const current = member.color.toLowerCase();
    const kept = memberColorProblem(current, taken) === null;
    const color = kept ? current : pickMemberColor(member.accountColor, taken);
    if (!kept) changed.set(member.userId, color);
    taken.push(color);
  }
  return changed;
}

/**
 * The author's display name and colour. No accounts yet: asked once, kept in localStorage.
 * Storage is injected so tests use a Map-backed fake.
 */
export interface AuthorIdentity {
  name: string;
  color: string;
}

export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

const STORAGE_KEY = 'wethink:author';
export const MAX_NAME_LENGTH = 40;

/** Distinct, readable on white, and distinguishable for the common colour-vision deficiencies. */
export const AUTHOR_COLORS = [
  '#d1495b',
  '#00798c',
  '#edae49',
  '#6a4c93',
  '#2e933c',
  '#e07a5f',
  '#3d5a80',
  '#b5179e',
] as const;

const colorPattern = /^#[0-9a-fA-F]{6}$/;

export function pickColor(random: () => number): string {
  return AUTHOR_COLORS[Math.floor(random() * AUTHOR_COLORS.length) % AUTHOR_COLORS.length] ?? '#00798c';
}

/** The translucent variant y-prosemirror paints remote selections with. */
export function lightColor(color: string): string {
  return `${color}33`;
}

export function cleanName(name: string): string {
  return name.replace(/\s+/g, ' ').trim().slice(0, MAX_NAME_LENGTH);
}

export function loadAuthorIdentity(storage: KeyValueStorage): AuthorIdentity | null {
  const raw = storage.getItem(STORAGE_KEY);
  if (raw === null) return null;
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return null;
    const { name, color } = parsed as Record<string, unknown>;
    if (typeof name !== 'string' || cleanName(name) === '') return null;
    if (typeof color !== 'string' || !colorPattern.test(color)) return null;
    return { name: cleanName(name), color };
  } catch (error) {
    // A corrupt entry is not fatal: the author is asked again and the entry overwritten.
    if (error instanceof SyntaxError) return null;
    throw error;
  }
}

export function saveAuthorIdentity(storage: KeyValueStorage, identity: AuthorIdentity): AuthorIdentity {
  const name = cleanName(identity.name);
  if (name === '') throw new RangeError('author name must not be empty');
  if (!colorPattern.test(identity.color)) throw new RangeError(`not a #rrggbb colour: ${identity.color}`);
  const saved = { name, color: identity.color };
  storage.setItem(STORAGE_KEY, JSON.stringify(saved));
  return saved;
}

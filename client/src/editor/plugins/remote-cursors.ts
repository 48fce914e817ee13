import type { DecorationAttrs } from 'prosemirror-view';

/** What y-prosemirror passes the builders: the `user` field of a peer's awareness state. */
export interface CursorUser {
  id?: unknown;
  name?: unknown;
  color?: unknown;
  colorLight?: unknown;
  role?: unknown;
}

const colorPattern = /^#[0-9a-fA-F]{6}$/;
const lightColorPattern = /^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$/;
/** Roles whose caret is marked: they follow along and cannot edit. */
const readOnlyRoles = new Set(['reviewer', 'reader']);

function safeColor(value: unknown, fallback: string): string {
  return typeof value === 'string' && colorPattern.test(value) ? value : fallback;
}

/**
 * Who the people behind carets are, as the page knows them: the book's member colours (one per
 * member, distinct within the book) and which account is this tab's own.
 */
export interface CursorPeople {
  /** The member's colour in this book, or null when the page does not know it (yet). */
  colorOf(userId: unknown): string | null;
  /** True for the signed-in account: its carets in other tabs are not someone else's. */
  isSelf(userId: unknown): boolean;
}

export const NO_PEOPLE: CursorPeople = { colorOf: () => null, isSelf: () => false };

/** The colour to draw a user in: their book colour when known, else what awareness says. */
export function cursorColor(user: CursorUser, people: CursorPeople): string {
  return people.colorOf(user.id) ?? safeColor(user.color, '#777777');
}

/** y-prosemirror's awareness filter: no caret for this tab, nor for the same account in another tab. */
export function showsCaretOf(people: CursorPeople) {
  return (localClientId: number, clientId: number, state: unknown): boolean => {
    const user =
      typeof state === 'object' && state !== null ? (state as { user?: CursorUser }).user : undefined;
    return localClientId !== clientId && !people.isSelf(user?.id);
  };
}

/**
 * The caret of another person: a coloured bar with their name above it; a reviewer's or reader's
 * is dashed and says so. The name is set as text, never as HTML (awareness is untrusted).
 * `data-client-id` lets the view scroll to a person.
 */
export function buildRemoteCursor(user: CursorUser, clientId: number, people = NO_PEOPLE): HTMLElement {
  const color = cursorColor(user, people);
  const name = typeof user.name === 'string' ? user.name.slice(0, 40) : 'Someone';
  const role = typeof user.role === 'string' && readOnlyRoles.has(user.role) ? user.role : null;
  const cursor = document.createElement('span');
  cursor.className = role === null ? 'remote-cursor' : 'remote-cursor remote-cursor--read-only';
  cursor.dataset.clientId = String(clientId);
  cursor.dataset.author = name;
  if (typeof user.id === 'string') cursor.dataset.userId = user.id.slice(0, 64);
  if (typeof user.role === 'string') cursor.dataset.role = user.role.slice(0, 20);
  cursor.style.setProperty('--author-color', color);
  cursor.setAttribute('aria-label', role === null ? `${name}'s cursor` : `${name}'s cursor (${role})`);
  const label = document.createElement('span');
  label.className = 'remote-cursor__label';
  label.textContent = role === null ? name : `${name} · ${role}`;
  label.setAttribute('contenteditable', 'false');
  cursor.append('\u2060', label, '\u2060');
  return cursor;
}

/** The server keeps only `color` in `user`, so the translucent variant is derived when missing. */
export function buildRemoteSelection(
  user: CursorUser,
  clientId: number,
  people = NO_PEOPLE,
): DecorationAttrs {
  const known = people.colorOf(user.id);
  const light =
    known === null && typeof user.colorLight === 'string' && lightColorPattern.test(user.colorLight)
      ? user.colorLight
      : `${cursorColor(user, people)}33`;
  return {
    class: 'remote-selection',
    style: `background-color: ${light}`,
    'data-client-id': String(clientId),
  };
}

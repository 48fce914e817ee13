import type { DecorationAttrs } from 'prosemirror-view';

/** What y-prosemirror passes the builders: the `user` field of a peer's awareness state. */
interface CursorUser {
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
 * The caret of another person: a coloured bar with their name above it; a reviewer's or reader's
 * is dashed and says so. The name is set as text, never as HTML (awareness is untrusted).
 * `data-client-id` lets the view scroll to a person.
 */
export function buildRemoteCursor(user: CursorUser, clientId: number): HTMLElement {
  const color = safeColor(user.color, '#777777');
  const name = typeof user.name === 'string' ? user.name.slice(0, 40) : 'Someone';
  const role = typeof user.role === 'string' && readOnlyRoles.has(user.role) ? user.role : null;
  const cursor = document.createElement('span');
  cursor.className = role === null ? 'remote-cursor' : 'remote-cursor remote-cursor--read-only';
  cursor.dataset.clientId = String(clientId);
  cursor.dataset.author = name;
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
export function buildRemoteSelection(user: CursorUser, clientId: number): DecorationAttrs {
  const light =
    typeof user.colorLight === 'string' && lightColorPattern.test(user.colorLight)
      ? user.colorLight
      : `${safeColor(user.color, '#777777')}33`;
  return {
    class: 'remote-selection',
    style: `background-color: ${light}`,
    'data-client-id': String(clientId),
  };
}

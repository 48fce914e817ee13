import type { DecorationAttrs } from 'prosemirror-view';

/** What y-prosemirror passes the builders: the `user` field of a peer's awareness state. */
interface CursorUser {
  name?: unknown;
  color?: unknown;
  colorLight?: unknown;
}

const colorPattern = /^#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?$/;

function safeColor(value: unknown, fallback: string): string {
  return typeof value === 'string' && colorPattern.test(value) ? value : fallback;
}

/**
 * The caret of another author: a coloured bar with their name above it. The name is set as text,
 * never as HTML (awareness is untrusted). `data-client-id` lets the view scroll to a person.
 */
export function buildRemoteCursor(user: CursorUser, clientId: number): HTMLElement {
  const color = safeColor(user.color, '#777777');
  const name = typeof user.name === 'string' ? user.name.slice(0, 40) : 'Someone';
  const cursor = document.createElement('span');
  cursor.className = 'remote-cursor';
  cursor.dataset.clientId = String(clientId);
  cursor.dataset.author = name;
  cursor.style.setProperty('--author-color', color);
  cursor.setAttribute('aria-label', `${name}'s cursor`);
  const label = document.createElement('span');
  label.className = 'remote-cursor__label';
  label.textContent = name;
  label.setAttribute('contenteditable', 'false');
  cursor.append('\u2060', label, '\u2060');
  return cursor;
}

export function buildRemoteSelection(user: CursorUser, clientId: number): DecorationAttrs {
  const color = safeColor(user.colorLight, '#77777733');
  return {
    class: 'remote-selection',
    style: `background-color: ${color}`,
    'data-client-id': String(clientId),
  };
}

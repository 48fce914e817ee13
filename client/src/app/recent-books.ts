import type { KeyValueStorage } from '../author/author-identity';

/** Books this browser has opened, newest first, so the start page can list them. */
export interface RecentBook {
  id: string;
  title: string;
}

const STORAGE_KEY = 'wethink:recent-books';
const MAX_RECENT = 20;
const idPattern = /^[A-Za-z0-9_-]{1,64}$/;

export function loadRecentBooks(storage: KeyValueStorage): RecentBook[] {
  const raw = storage.getItem(STORAGE_KEY);
  if (raw === null) return [];
  try {
    const parsed = JSON.parse(raw) as unknown;
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (entry): entry is RecentBook =>
        typeof entry === 'object' &&
        entry !== null &&
        typeof (entry as RecentBook).id === 'string' &&
        idPattern.test((entry as RecentBook).id) &&
        typeof (entry as RecentBook).title === 'string',
    );
  } catch (error) {
    // A corrupt list is dropped, not fatal: it is only a convenience.
    if (error instanceof SyntaxError) return [];
    throw error;
  }
}

/** Moves the book to the front (or adds it); returns the new list. Writes only on change. */
export function rememberBook(storage: KeyValueStorage, book: RecentBook): RecentBook[] {
  const current = loadRecentBooks(storage);
  if (current[0]?.id === book.id && current[0].title === book.title) return current;
  const next = [book, ...current.filter((entry) => entry.id !== book.id)].slice(0, MAX_RECENT);
  storage.setItem(STORAGE_KEY, JSON.stringify(next));
  return next;
}

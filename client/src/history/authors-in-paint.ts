import type { AuthorshipPaint } from '../editor/plugins/authorship';
import { UNKNOWN_AUTHOR, type AuthorInfo } from './author-directory';

const memo = new WeakMap<AuthorshipPaint, AuthorInfo[]>();

/** The people who wrote some of the painted text, by name; the same array for the same paint. */
export function authorsInPaint(paint: AuthorshipPaint): AuthorInfo[] {
  const known = memo.get(paint);
  if (known !== undefined) return known;
  const ids = new Set(paint.runs.map((run) => run.userId).filter((id): id is string => id !== null));
  const authors = [...ids]
    .map((id) => {
      const author = paint.authors.get(id);
      return author === undefined ? UNKNOWN_AUTHOR : { ...UNKNOWN_AUTHOR, ...author };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  memo.set(paint, authors);
  return authors;
}

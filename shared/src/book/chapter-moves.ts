import type { MoveTarget } from './book-index-changes';
import type { BookIndexView } from './book-index-read';

/**
 * Where a chapter goes when moved one step up or down the table of contents (Alt+Arrow keys):
 * past its neighbour, into the part it meets (at that end), or out of its part when it is that
 * part's first or last. Null when it is already at that end of the book. Pure: reads `view` only.
 */
export function stepTarget(
  view: BookIndexView,
  chapterId: string,
  direction: 'up' | 'down',
): MoveTarget | null {
  const chapter = view.chapters.find((entry) => entry.id === chapterId);
  if (chapter === undefined) return null;
  const toc = view.toc;
  if (chapter.partId === null) {
    const at = toc.findIndex((item) => item.kind === 'chapter' && item.id === chapterId);
    const neighbour = toc[direction === 'up' ? at - 1 : at + 1];
    if (neighbour === undefined) return null;
    if (neighbour.kind === 'chapter') {
      return { partId: null, beforeId: direction === 'up' ? neighbour.id : (toc[at + 2]?.id ?? null) };
    }
    const part = view.parts.find((entry) => entry.id === neighbour.id);
    return { partId: neighbour.id, beforeId: direction === 'up' ? null : (part?.chapterIds[0] ?? null) };
  }
  const part = view.parts.find((entry) => entry.id === chapter.partId);
  if (part === undefined) return null;
  const ids = part.chapterIds;
  const at = ids.indexOf(chapterId);
  if (direction === 'up') {
    return at > 0 ? { partId: part.id, beforeId: ids[at - 1]! } : { partId: null, beforeId: part.id };
  }
  if (at < ids.length - 1) return { partId: part.id, beforeId: ids[at + 2] ?? null };
  const partAt = toc.findIndex((item) => item.kind === 'part' && item.id === part.id);
  return { partId: null, beforeId: toc[partAt + 1]?.id ?? null };
}

/** The chapters before and after `chapterId` in reading order (null at either end). */
export function neighboursOf(
  view: BookIndexView,
  chapterId: string,
): { previous: { id: string; title: string } | null; next: { id: string; title: string } | null } {
  const at = view.chapters.findIndex((entry) => entry.id === chapterId);
  if (at < 0) return { previous: null, next: null };
  const pick = (index: number) => {
    const entry = view.chapters[index];
    return entry === undefined ? null : { id: entry.id, title: entry.title };
  };
  return { previous: pick(at - 1), next: pick(at + 1) };
}

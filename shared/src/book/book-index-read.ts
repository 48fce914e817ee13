import * as Y from 'yjs';
import { isPositionKey, legacyKey } from './position-key';

/**
 * A book's index document (doc name `<bookId>`): its title, parts and chapters. Every member holds
 * a copy, so a chapter created, moved, renamed or trashed anywhere changes everyone's list live.
 *
 * Layout (2, issue 21):
 * - map `book` { title, createdAtMs }; a book exists once `createdAtMs` is set;
 * - map `chapterEntries`: chapter id → Y.Map { title, wordCount, position, partId, deletedAtMs, deletedBy };
 * - map `parts`: part id → Y.Map { title, position };
 * - map `purgedChapters`: chapter id → time purged (its documents are gone from the server);
 * - map `blockedReaders`: user id → time the owner blocked them from joining through public links
 *   (written by the server only, like `purgedChapters`).
 *
 * Every chapter is one map key, so no edit, however concurrent, can list a chapter twice; a
 * move sets one chapter's `position` (a key: see position-key.ts) and `partId`, and concurrent
 * moves of one chapter resolve to one of them. Order: the top level holds the chapters without a
 * part and the parts, sorted by (position, id); inside a part its chapters, the same way.
 *
 * Layout 1 (before issue 21) kept the chapters in an array `chapters` of maps { id, title,
 * wordCount }. It is read as if migrated (positions from array order); the first change copies its
 * entries into `chapterEntries`, with positions that depend only on the index, so two clients
 * migrating at once write the same values. Entries an older client appends there later still show.
 */
export const META_MAP = 'book';
export const ENTRIES_MAP = 'chapterEntries';
export const PARTS_MAP = 'parts';
export const PURGED_MAP = 'purgedChapters';
export const BLOCKED_MAP = 'blockedReaders';
export const LEGACY_ARRAY = 'chapters';

export const MAX_TITLE_LENGTH = 200;
/**
 * Most chapters a book holds, its trash included: far past any book, and small enough that its
 * chapter list, its index document and an import stay quick (the server refuses more).
 */
export const MAX_CHAPTERS = 1_000;
export const UNTITLED_BOOK = 'Untitled book';

export interface ChapterEntry {
  id: string;
  title: string;
  wordCount: number;
  /** The part it belongs to (null: top level, or its part was deleted). */
  partId: string | null;
  position: string;
}

export interface TrashedChapter extends ChapterEntry {
  deletedAtMs: number;
  /** User id of who moved it to the trash, when known. */
  deletedBy: string | null;
}

export interface PartEntry {
  id: string;
  title: string;
  position: string;
  /** Ids of its live chapters, in order. */
  chapterIds: readonly string[];
}

/** One row of the table of contents: a chapter at the top level, or a part with its chapters. */
export type TocItem = { kind: 'chapter'; id: string } | { kind: 'part'; id: string };

export interface BookIndexView {
  title: string;
  isCreated: boolean;
  /** Live chapters in reading order (each part's chapters where the part stands). */
  chapters: readonly ChapterEntry[];
  parts: readonly PartEntry[];
  /** The top level in order: chapters without a part and parts. */
  toc: readonly TocItem[];
  /** Chapters in the trash, most recently deleted first. */
  trash: readonly TrashedChapter[];
  wordCount: number;
}

export const metaOf = (doc: Y.Doc): Y.Map<unknown> => doc.getMap(META_MAP);
export const entriesOf = (doc: Y.Doc): Y.Map<Y.Map<unknown>> => doc.getMap(ENTRIES_MAP);
export const partsOf = (doc: Y.Doc): Y.Map<Y.Map<unknown>> => doc.getMap(PARTS_MAP);
export const purgedOf = (doc: Y.Doc): Y.Map<number> => doc.getMap(PURGED_MAP);
export const blockedOf = (doc: Y.Doc): Y.Map<number> => doc.getMap(BLOCKED_MAP);
export const legacyOf = (doc: Y.Doc): Y.Array<unknown> => doc.getArray(LEGACY_ARRAY);

export function cleanTitle(title: string, fallback: string): string {
  const trimmed = title.replace(/\s+/g, ' ').trim().slice(0, MAX_TITLE_LENGTH);
  return trimmed === '' ? fallback : trimmed;
}

/** A raw entry as stored (fields as found, not yet defaulted). */
export interface RawEntry {
  id: string;
  title: string | null;
  wordCount: number;
  position: string;
  partId: string | null;
  deletedAtMs: number | null;
  deletedBy: string | null;
}

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function rawOf(id: string, map: Y.Map<unknown>, fallbackPosition: string): RawEntry {
  const wordCount = map.get('wordCount');
  const position = map.get('position');
  const deletedAtMs = map.get('deletedAtMs');
  return {
    id,
    title: str(map.get('title')),
    wordCount: typeof wordCount === 'number' && Number.isFinite(wordCount) && wordCount >= 0 ? wordCount : 0,
    position: isPositionKey(position) ? position : fallbackPosition,
    partId: str(map.get('partId')),
    deletedAtMs: typeof deletedAtMs === 'number' && Number.isFinite(deletedAtMs) ? deletedAtMs : null,
    deletedBy: str(map.get('deletedBy')),
  };
}

/** Entries of the old array not yet in `chapterEntries`, with the keys a migration gives them. */
export function legacyEntries(doc: Y.Doc): { raw: RawEntry; index: number }[] {
  const entries = entriesOf(doc);
  const purged = purgedOf(doc);
  const found: { raw: RawEntry; index: number }[] = [];
  const seen = new Set<string>();
  legacyOf(doc).forEach((item, index) => {
    if (!(item instanceof Y.Map)) return;
    const id = item.get('id');
    if (typeof id !== 'string' || seen.has(id) || entries.has(id) || purged.has(id)) return;
    seen.add(id);
    found.push({ raw: rawOf(id, item as Y.Map<unknown>, legacyKey(index)), index });
  });
  return found;
}

/** Every chapter entry, live or trashed, migrated or not; purged ones left out. */
export function rawEntries(doc: Y.Doc): RawEntry[] {
  const purged = purgedOf(doc);
  const raw: RawEntry[] = [];
  entriesOf(doc).forEach((map, id) => {
    if (map instanceof Y.Map && !purged.has(id)) raw.push(rawOf(id, map, ''));
  });
  for (const legacy of legacyEntries(doc)) raw.push(legacy.raw);
  return raw;
}

export const byPosition = (
  a: { position: string; id: string },
  b: { position: string; id: string },
): number =>
  a.position < b.position ? -1 : a.position > b.position ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** Parts as stored, sorted; a part without a valid position sorts first. */
export function rawParts(doc: Y.Doc): { id: string; title: string | null; position: string }[] {
  const parts: { id: string; title: string | null; position: string }[] = [];
  partsOf(doc).forEach((map, id) => {
    if (!(map instanceof Y.Map)) return;
    const position = map.get('position');
    parts.push({ id, title: str(map.get('title')), position: isPositionKey(position) ? position : '' });
  });
  return parts.sort(byPosition);
}

/** The book as its members see it: title, live chapters in order, parts, trash. */
export function readBookIndex(doc: Y.Doc): BookIndexView {
  const parts = rawParts(doc);
  const partIds = new Set(parts.map((part) => part.id));
  const raw = rawEntries(doc).map((entry) =>
    entry.partId !== null && !partIds.has(entry.partId) ? { ...entry, partId: null } : entry,
  );
  const live = raw.filter((entry) => entry.deletedAtMs === null).sort(byPosition);
  const top: (
    { kind: 'chapter'; id: string; position: string } | { kind: 'part'; id: string; position: string }
  )[] = [
    ...live
      .filter((entry) => entry.partId === null)
      .map((entry) => ({ kind: 'chapter' as const, id: entry.id, position: entry.position })),
    ...parts.map((part) => ({ kind: 'part' as const, id: part.id, position: part.position })),
  ].sort(byPosition);
  const byPart = new Map<string, RawEntry[]>();
  for (const entry of live) {
    if (entry.partId === null) continue;
    const list = byPart.get(entry.partId);
    if (list) list.push(entry);
    else byPart.set(entry.partId, [entry]);
  }
  const liveById = new Map(live.map((entry) => [entry.id, entry]));
  const ordered: RawEntry[] = [];
  for (const item of top) {
    if (item.kind === 'chapter') ordered.push(liveById.get(item.id)!);
    else ordered.push(...(byPart.get(item.id) ?? []));
  }
  const chapters = ordered.map((entry, index) => toEntry(entry, `Chapter ${index + 1}`));
  const trash = raw
    .filter((entry): entry is RawEntry & { deletedAtMs: number } => entry.deletedAtMs !== null)
    .sort((a, b) => b.deletedAtMs - a.deletedAtMs || byPosition(a, b))
    .map((entry) => ({
      ...toEntry(entry, 'Untitled chapter'),
      deletedAtMs: entry.deletedAtMs,
      deletedBy: entry.deletedBy,
    }));
  const title = metaOf(doc).get('title');
  return {
    title: typeof title === 'string' && title !== '' ? title : UNTITLED_BOOK,
    isCreated: typeof metaOf(doc).get('createdAtMs') === 'number',
    chapters,
    parts: parts.map((part, index) => ({
      id: part.id,
      title: part.title !== null && part.title !== '' ? part.title : `Part ${index + 1}`,
      position: part.position,
      chapterIds: (byPart.get(part.id) ?? []).map((entry) => entry.id),
    })),
    toc: top.map(({ kind, id }) => ({ kind, id })),
    trash,
    wordCount: chapters.reduce((sum, chapter) => sum + chapter.wordCount, 0),
  };
}

function toEntry(entry: RawEntry, fallbackTitle: string): ChapterEntry {
  return {
    id: entry.id,
    title: entry.title !== null && entry.title !== '' ? entry.title : fallbackTitle,
    wordCount: entry.wordCount,
    partId: entry.partId,
    position: entry.position,
  };
}

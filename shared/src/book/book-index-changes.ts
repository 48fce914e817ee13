import * as Y from 'yjs';
import {
  UNTITLED_BOOK,
  byPosition,
  cleanTitle,
  entriesOf,
  legacyEntries,
  metaOf,
  partsOf,
  purgedOf,
  rawEntries,
  rawParts,
} from './book-index-read';
import { isPositionKey, keyBetween, keysBetween } from './position-key';

/**
 * Changes to a book's index document (layout in book-index-read.ts). Each runs in one Yjs
 * transaction and first migrates a layout-1 list, so a change never mixes the two layouts.
 * Unknown ids are programmer errors (RangeError): callers act on what they just read.
 */

/** Where a chapter goes: into `partId` (null: the top level), before `beforeId` (null: at the end). */
export interface MoveTarget {
  partId: string | null;
  /** A chapter of that container, or (top level only) a part; null for its end. */
  beforeId: string | null;
}

/** Copies layout-1 entries into `chapterEntries` (positions from their index); a no-op when none are left. */
export function migrateLegacy(doc: Y.Doc): void {
  const legacy = legacyEntries(doc);
  if (legacy.length === 0) return;
  doc.transact(() => {
    const entries = entriesOf(doc);
    for (const { raw } of legacy) {
      const map = new Y.Map<unknown>();
      map.set('title', raw.title ?? '');
      map.set('wordCount', raw.wordCount);
      map.set('position', raw.position);
      map.set('partId', null);
      map.set('deletedAtMs', null);
      map.set('deletedBy', null);
      entries.set(raw.id, map);
    }
  });
}

function change(doc: Y.Doc, body: () => void): void {
  doc.transact(() => {
    migrateLegacy(doc);
    body();
  });
}

function entryMap(doc: Y.Doc, chapterId: string): Y.Map<unknown> {
  const map = entriesOf(doc).get(chapterId);
  if (!(map instanceof Y.Map) || purgedOf(doc).has(chapterId)) {
    throw new RangeError(`no chapter ${JSON.stringify(chapterId)} in this book`);
  }
  return map;
}

function partMap(doc: Y.Doc, partId: string): Y.Map<unknown> {
  const map = partsOf(doc).get(partId);
  if (!(map instanceof Y.Map)) throw new RangeError(`no part ${JSON.stringify(partId)} in this book`);
  return map;
}

/** One container's items in order (live chapters; at the top level also parts), each with its map. */
function containerItems(
  doc: Y.Doc,
  partId: string | null,
): { id: string; position: string; map: Y.Map<unknown> }[] {
  const parts = new Set(partsOf(doc).keys());
  const entries = entriesOf(doc);
  const items = rawEntries(doc)
    .filter((entry) => entry.deletedAtMs === null)
    .filter((entry) => (entry.partId !== null && parts.has(entry.partId) ? entry.partId : null) === partId)
    .map((entry) => ({ id: entry.id, position: entry.position, map: entries.get(entry.id)! }));
  if (partId === null) {
    for (const part of rawParts(doc))
      items.push({ id: part.id, position: part.position, map: partMap(doc, part.id) });
  }
  return items.sort(byPosition);
}

/**
 * A key for a new item of `partId`'s container before `beforeId` (null: at the end), ignoring
 * `movingId`. Neighbours that tie or hold no valid key (concurrent inserts into one gap, a bad
 * write) get the container re-spaced first: a rare rewrite of that container's keys.
 */
function positionFor(doc: Y.Doc, target: MoveTarget, movingId: string | null): string {
  let items = containerItems(doc, target.partId).filter((item) => item.id !== movingId);
  const index =
    target.beforeId === null ? items.length : items.findIndex((item) => item.id === target.beforeId);
  if (index < 0) throw new RangeError(`${JSON.stringify(target.beforeId)} is not in that part of the book`);
  const isSpaced = items.every(
    (item, i) => isPositionKey(item.position) && (i === 0 || items[i - 1]!.position < item.position),
  );
  if (!isSpaced) {
    const keys = keysBetween(null, null, items.length);
    items.forEach((item, i) => item.map.set('position', keys[i]!));
    items = items.map((item, i) => ({ ...item, position: keys[i]! }));
  }
  return keyBetween(items[index - 1]?.position ?? null, items[index]?.position ?? null);
}

/** Creates the book (title, time) with its first chapter, in one transaction. */
export function createBook(
  doc: Y.Doc,
  book: { title: string; nowMs: number; firstChapter: { id: string; title: string } },
): void {
  change(doc, () => {
    metaOf(doc).set('title', cleanTitle(book.title, UNTITLED_BOOK));
    metaOf(doc).set('createdAtMs', book.nowMs);
    addChapter(doc, book.firstChapter);
  });
}

/** Adds chapters at the end of the top level; creates the book first when it is new (import). */
export function appendChapters(
  doc: Y.Doc,
  book: {
    title: string;
    nowMs: number;
    chapters: readonly { id: string; title: string; wordCount?: number }[];
  },
): void {
  change(doc, () => {
    if (typeof metaOf(doc).get('createdAtMs') !== 'number') {
      metaOf(doc).set('title', cleanTitle(book.title, UNTITLED_BOOK));
      metaOf(doc).set('createdAtMs', book.nowMs);
    }
    if (book.chapters.length === 0) return;
    // One key computation for the lot: an import of thousands of chapters stays linear.
    const first = positionFor(doc, { partId: null, beforeId: null }, null);
    const keys = [first, ...keysBetween(first, null, book.chapters.length - 1)];
    book.chapters.forEach((chapter, i) => writeEntry(doc, chapter, keys[i]!, null));
  });
}

function writeEntry(
  doc: Y.Doc,
  chapter: { id: string; title: string; wordCount?: number },
  position: string,
  partId: string | null,
): void {
  if (entriesOf(doc).has(chapter.id)) throw new RangeError(`chapter ${JSON.stringify(chapter.id)} exists`);
  const map = new Y.Map<unknown>();
  // Y.Map#size counts every key: asked only for an empty title.
  map.set('title', cleanTitle(chapter.title, '') || `Chapter ${entriesOf(doc).size + 1}`);
  map.set('wordCount', chapter.wordCount ?? 0);
  map.set('position', position);
  map.set('partId', partId);
  map.set('deletedAtMs', null);
  map.set('deletedBy', null);
  entriesOf(doc).set(chapter.id, map);
}

/** Adds a chapter at the end of `partId` (default: the top level). */
export function addChapter(
  doc: Y.Doc,
  chapter: { id: string; title: string; wordCount?: number; partId?: string | null },
): void {
  change(doc, () => {
    const partId = chapter.partId ?? null;
    if (partId !== null) partMap(doc, partId);
    writeEntry(doc, chapter, positionFor(doc, { partId, beforeId: null }, null), partId);
  });
}

export function renameBook(doc: Y.Doc, title: string): void {
  metaOf(doc).set('title', cleanTitle(title, UNTITLED_BOOK));
}

export function renameChapter(doc: Y.Doc, chapterId: string, title: string): void {
  change(doc, () => {
    const map = entryMap(doc, chapterId);
    map.set('title', cleanTitle(title, String(map.get('title') ?? '')));
  });
}

/** Records a chapter's word count; writes nothing when it is unchanged. */
export function setWordCount(doc: Y.Doc, chapterId: string, wordCount: number): void {
  if (!Number.isInteger(wordCount) || wordCount < 0) {
    throw new RangeError(`word count must be a non-negative integer, got ${wordCount}`);
  }
  change(doc, () => {
    const map = entryMap(doc, chapterId);
    if (map.get('wordCount') !== wordCount) map.set('wordCount', wordCount);
  });
}

/** Moves a chapter (live or trashed) to `target`. */
export function moveChapter(doc: Y.Doc, chapterId: string, target: MoveTarget): void {
  change(doc, () => {
    const map = entryMap(doc, chapterId);
    if (target.partId !== null) partMap(doc, target.partId);
    map.set('position', positionFor(doc, target, chapterId));
    if (map.get('partId') !== target.partId) map.set('partId', target.partId);
  });
}

/** Moves a chapter to the trash: it leaves the list but keeps its place, text, history and comments. */
export function trashChapter(
  doc: Y.Doc,
  chapterId: string,
  by: { nowMs: number; userId: string | null },
): void {
  change(doc, () => {
    const map = entryMap(doc, chapterId);
    map.set('deletedAtMs', by.nowMs);
    map.set('deletedBy', by.userId);
  });
}

/** Brings a chapter back from the trash to where it was (the top level if its part is gone). */
export function restoreChapter(doc: Y.Doc, chapterId: string): void {
  change(doc, () => {
    const map = entryMap(doc, chapterId);
    if (map.get('deletedAtMs') !== null) map.set('deletedAtMs', null);
    if (map.get('deletedBy') !== null) map.set('deletedBy', null);
  });
}

/**
 * Removes a chapter from the index for good (the server does this when the owner purges it, after
 * deleting its documents). Its id is remembered so that no copy of the old layout brings it back.
 */
export function removePurgedChapter(doc: Y.Doc, chapterId: string, nowMs: number): void {
  change(doc, () => {
    entriesOf(doc).delete(chapterId);
    purgedOf(doc).set(chapterId, nowMs);
  });
}

/** Adds a part at the end of the top level. */
export function addPart(doc: Y.Doc, part: { id: string; title: string }): void {
  change(doc, () => {
    if (partsOf(doc).has(part.id)) throw new RangeError(`part ${JSON.stringify(part.id)} exists`);
    const map = new Y.Map<unknown>();
    map.set('title', cleanTitle(part.title, `Part ${partsOf(doc).size + 1}`));
    map.set('position', positionFor(doc, { partId: null, beforeId: null }, null));
    partsOf(doc).set(part.id, map);
  });
}

export function renamePart(doc: Y.Doc, partId: string, title: string): void {
  const map = partMap(doc, partId);
  map.set('title', cleanTitle(title, String(map.get('title') ?? '')));
}

/** Moves a part (with its chapters) before `beforeId` at the top level (null: to the end). */
export function movePart(doc: Y.Doc, partId: string, beforeId: string | null): void {
  change(doc, () => {
    partMap(doc, partId).set('position', positionFor(doc, { partId: null, beforeId }, partId));
  });
}

/** Removes a part; its chapters (live and trashed) stay, at the top level where the part stood. */
export function deletePart(doc: Y.Doc, partId: string): void {
  change(doc, () => {
    partMap(doc, partId);
    const top = containerItems(doc, null);
    const at = top.findIndex((item) => item.id === partId);
    const chapters = rawEntries(doc)
      .filter((entry) => entry.partId === partId)
      .sort(byPosition);
    partsOf(doc).delete(partId);
    const before = top[at - 1]?.position ?? null;
    const after = top[at + 1]?.position ?? null;
    const isRoom =
      (before === null || isPositionKey(before)) &&
      (after === null || isPositionKey(after)) &&
      (before === null || after === null || before < after);
    const keys = isRoom && chapters.length > 0 ? keysBetween(before, after, chapters.length) : [];
    chapters.forEach((entry, i) => {
      const map = entriesOf(doc).get(entry.id)!;
      map.set('partId', null);
      if (keys[i] !== undefined) map.set('position', keys[i]);
    });
  });
}

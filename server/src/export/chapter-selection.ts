import * as Y from 'yjs';
import { AppError, type DocName } from '@wethink/shared';
import type { VersionMeta } from '../storage/document-store';
import type { BookSource } from './book-source';
import type { TextSelection } from './export-options';

/** A chapter to export and which text of it: a saved version, or (null) the text as it is now. */
export interface ChapterPick<Entry> {
  entry: Entry;
  version: VersionMeta | null;
}

const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const describeVersion = (version: VersionMeta): string =>
  version.name !== null
    ? `version \u201c${version.name}\u201d of ${isoSeconds(version.createdAt)}`
    : `the automatic version of ${isoSeconds(version.createdAt)}`;

/** History keeps edits as counts per user and minute: an edit row covers [minuteMs, +1 min). */
const MINUTE_MS = 60_000;
/**
 * Contributions reach storage at most CONTRIBUTION_FLUSH_MS (config: at most a minute) after the
 * edit; rows for edits older than this are in storage, barring a failed write (logged, retried).
 */
export const EDITS_SETTLED_MS = 2 * MINUTE_MS;

/** Whether a recorded minute of edits may hold an edit in the interval (fromMs, toMs]. */
const mayHoldEditIn = (minutes: readonly number[], fromMs: number, toMs: number): boolean =>
  minutes.some((minute) => minute <= toMs && minute + MINUTE_MS > fromMs);

/**
 * Whether the chapter is unchanged from `version` to the version after it, or to its current text
 * when there is none: Yjs snapshots (state vector and delete set) compare exactly.
 */
async function isUnchangedAfter(
  source: BookSource,
  name: DocName,
  version: VersionMeta,
  next: VersionMeta | undefined,
): Promise<boolean> {
  const saved = await source.versionSnapshot(name, version.id);
  const later = next
    ? await source.versionSnapshot(name, next.id)
    : await source.read(name, (copy) => Y.snapshot(copy.doc));
  return saved !== null && later !== null && Y.equalSnapshots(saved, later);
}

/**
 * A chapter's text as of `atMs` from what history keeps: saved versions (whole texts, with Yjs
 * snapshots, at their times) and the minutes in which edits were recorded (no finer, and no Yjs
 * ids, so no text between two versions can be rebuilt). The newest version at or before the time
 * is exact when the chapter did not change between it and the next version (or now), or when no
 * edit was recorded after it up to the time; failing that, the oldest version after the time is
 * exact when no edit was recorded from the time up to it (the text did not change in between),
 * which also recovers a chapter first saved only after the time. Otherwise the newest earlier
 * version stands and the verso says edits around that time may be missing; with none, the
 * chapter is left out.
 */
async function asOfText<Entry extends { id: string; title: string }>(
  source: BookSource,
  name: DocName,
  entry: Entry,
  times: { atMs: number; settledBeforeMs: number },
): Promise<{ pick: ChapterPick<Entry> | null; note: string | null }> {
  const { atMs } = times;
  const versions = await source.listVersions(name);
  const beforeIndex = versions.findLastIndex((v) => v.createdAt <= atMs);
  const before = versions[beforeIndex];
  const after = versions.find((v) => v.createdAt > atMs && v.createdAt <= times.settledBeforeMs);
  const minutes = await source.editMinutes(name);
  if (
    before &&
    ((await isUnchangedAfter(source, name, before, versions[beforeIndex + 1])) ||
      !mayHoldEditIn(minutes, before.createdAt, atMs))
  ) {
    return { pick: { entry, version: before }, note: null };
  }
  if (after && !mayHoldEditIn(minutes, atMs, after.createdAt))
    return { pick: { entry, version: after }, note: null };
  if (before) {
    const note = `\u201c${entry.title}\u201d: as saved at ${isoSeconds(before.createdAt)}; edits made between then and ${isoSeconds(atMs)} may be missing (no saved version holds them)`;
    return { pick: { entry, version: before }, note };
  }
  return { pick: null, note: `Left out: \u201c${entry.title}\u201d had no saved text at that time` };
}

/**
 * Which text of each chapter the export holds, and what the title page's verso says about it.
 * "As of" a time takes each chapter's text at that time from its history (see `asOfText`); a
 * chapter whose text then cannot be known (created later, or edited around that time with no
 * version to show it) is left out, and the verso names it.
 */
export async function pickChapters<Entry extends { id: string; title: string }>(deps: {
  source: BookSource;
  bookId: string;
  chapters: readonly Entry[];
  selection: TextSelection;
  exportedAt: Date;
  /** Edits recorded before this are all in storage (default: `exportedAt` less EDITS_SETTLED_MS). */
  settledBeforeMs?: number;
}): Promise<{ picks: ChapterPick<Entry>[]; notes: string[] }> {
  const { source, bookId, chapters, selection } = deps;
  const nameOf = (entry: Entry) => `${bookId}/${entry.id}` as DocName;
  switch (selection.kind) {
    case 'current':
      return {
        picks: chapters.map((entry) => ({ entry, version: null })),
        notes: [`Text: as it stood at ${isoSeconds(deps.exportedAt.getTime())}`],
      };
    case 'as-of': {
      const atMs = selection.at.getTime();
      const picks: ChapterPick<Entry>[] = [];
      const notes = [`Text: the book as of ${isoSeconds(atMs)}`];
      const settledBeforeMs = deps.settledBeforeMs ?? deps.exportedAt.getTime() - EDITS_SETTLED_MS;
      for (const entry of chapters) {
        const { pick, note } = await asOfText(source, nameOf(entry), entry, { atMs, settledBeforeMs });
        if (pick) picks.push(pick);
        if (note) notes.push(note);
      }
      return { picks, notes };
    }
    case 'versions': {
      const known = new Set(chapters.map((entry) => entry.id));
      for (const chapterId of selection.versionOf.keys()) {
        if (!known.has(chapterId))
          throw new AppError('invalid-request', `bad export options: versions: no chapter ${chapterId}`);
      }
      const picks: ChapterPick<Entry>[] = [];
      const notes: string[] = [];
      for (const entry of chapters) {
        const id = selection.versionOf.get(entry.id);
        if (id === undefined) {
          picks.push({ entry, version: null });
          continue;
        }
        const version = (await source.listVersions(nameOf(entry))).find((v) => v.id === id);
        if (!version) {
          throw new AppError(
            'invalid-request',
            `bad export options: versions: chapter ${entry.id} has no version ${id}`,
          );
        }
        picks.push({ entry, version });
        notes.push(`\u201c${entry.title}\u201d: ${describeVersion(version)}`);
      }
      notes.unshift(
        `Text: chapters as of ${isoSeconds(deps.exportedAt.getTime())}, except the versions named below`,
      );
      return { picks, notes };
    }
  }
}

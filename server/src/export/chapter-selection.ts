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

/**
 * Which text of each chapter the export holds, and what the title page's verso says about it.
 * "As of" a time takes each chapter's newest saved version at or before it; a chapter with none
 * (created later, or never saved by then) is left out, and the verso names it.
 */
export async function pickChapters<Entry extends { id: string; title: string }>(deps: {
  source: BookSource;
  bookId: string;
  chapters: readonly Entry[];
  selection: TextSelection;
  exportedAt: Date;
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
      for (const entry of chapters) {
        const saved = (await source.listVersions(nameOf(entry))).filter((v) => v.createdAt <= atMs);
        const version = saved.at(-1);
        if (version) picks.push({ entry, version });
        else notes.push(`Left out: \u201c${entry.title}\u201d had no saved text at that time`);
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

import * as Y from 'yjs';
import {
  AppError,
  canWrite,
  chapterFragment,
  commentsDocOf,
  docKindOf,
  isDocName,
  readComments,
  suggestionsOf,
  type AuthorshipView,
  type ContributionStatsView,
  type CreditedAuthor,
  type CreditsView,
  type ReturnReportView,
  type DiffView,
  type DocName,
  type RestoreView,
  type VersionContentView,
  type VersionView,
} from '@wethink/shared';
import type { AccountService } from '../accounts/account-service';
import type { DocumentStore, VersionMeta } from '../storage/document-store';
import type { Room } from '../sync/room';
import { userIdOfPrincipal } from '../sync/room-history';
import { authorshipOf, wordsByAuthor, type AuthorOf } from './authorship';
import { addCommentActivity, type CommentActivity } from '../comments/comment-activity';
import { summarizeContributions } from './contribution-stats';
import { returnReport } from './return-report';
import type { HistoryRecorder } from './history-recorder';
import { DeletionIndex, decodeIdRanges } from './id-ranges';
import { chapterContent } from './prosemirror-json';
import { freshClientId } from '../sync/server-changes';
import { buildRestoreUpdate } from './restore';
import { loadVersionUpdate } from './version-chain';
import { diffVersions } from './version-diff';

/** The rooms a history request may load or look at (implemented by RoomRegistry). */
export interface RoomAccess {
  peek(name: DocName): Room | undefined;
  acquire(name: DocName): Promise<Room>;
  release(room: Room): void;
}

/** A chapter's current document and who its client ids belong to. */
interface CurrentChapter {
  doc: Y.Doc;
  authorOf: AuthorOf;
  done(): void;
}

const versionView = (meta: VersionMeta): VersionView => ({
  id: meta.id,
  chapterId: meta.doc.slice(meta.doc.indexOf('/') + 1),
  kind: meta.kind,
  name: meta.name,
  createdAt: new Date(meta.createdAt).toISOString(),
  createdBy: meta.createdBy,
  bytes: meta.stateBytes,
});

/** A document of a version (garbage collection off: nothing to collect in it). */
function docOf(update: Uint8Array): Y.Doc {
  const doc = new Y.Doc({ gc: false });
  Y.applyUpdateV2(doc, update);
  return doc;
}

const authorOfOwners =
  (ownerOf: (clientId: number) => string | undefined): AuthorOf =>
  (clientId) => {
    const principal = ownerOf(clientId);
    return principal === undefined ? null : userIdOfPrincipal(principal);
  };

/**
 * Versions, diffs, restores, authorship and contribution statistics of chapters, with the rule of
 * who may do what: any member reads; owners and authors create named versions and restore; a
 * non-member gets 404 (the book's existence is not revealed).
 */
export class HistoryService {
  constructor(
    private readonly deps: {
      store: DocumentStore;
      rooms: RoomAccess;
      recorder: HistoryRecorder;
      accounts: AccountService;
      writingSessionGapMs: number;
      now?: () => number;
    },
  ) {}

  /** The stored documents and rooms this service reads: export and import work on the same books. */
  get documents(): { store: DocumentStore; rooms: RoomAccess } {
    return { store: this.deps.store, rooms: this.deps.rooms };
  }

  private async chapterName(
    userId: string,
    bookId: string,
    chapterId: string,
    mustWrite = false,
  ): Promise<DocName> {
    const { role } = await this.deps.accounts.getBook(userId, bookId);
    const name = `${bookId}/${chapterId}`;
    if (!isDocName(name) || chapterId.includes('/')) throw new AppError('not-found', 'no such chapter');
    if (mustWrite && !canWrite(role)) throw new AppError('forbidden', `a ${role} cannot change history`);
    return name;
  }

  async listVersions(userId: string, bookId: string, chapterId: string): Promise<VersionView[]> {
    const name = await this.chapterName(userId, bookId, chapterId);
    await this.deps.recorder.flush();
    return (await this.deps.store.listVersions(name)).map(versionView);
  }

  async getVersion(
    userId: string,
    bookId: string,
    chapterId: string,
    versionId: number,
  ): Promise<VersionContentView> {
    const name = await this.chapterName(userId, bookId, chapterId);
    const { version, update } = await this.requireVersion(name, versionId);
    const doc = docOf(update);
    try {
      return { version: versionView(version), ...chapterContent(chapterFragment(doc)) };
    } finally {
      doc.destroy();
    }
  }

  async diff(
    userId: string,
    bookId: string,
    chapterId: string,
    range: { from: number; to: number | 'now' },
  ): Promise<DiffView> {
    const name = await this.chapterName(userId, bookId, chapterId);
    await this.deps.recorder.flush();
    const from = (await this.requireVersion(name, range.from)).update;
    const to = range.to === 'now' ? null : (await this.requireVersion(name, range.to)).update;
    const deletions = new DeletionIndex();
    for (const row of await this.deps.store.listDeletions(name)) {
      deletions.add(decodeIdRanges(row.ranges), row.userId);
    }
    const current = await this.current(name);
    const fromDoc = docOf(from);
    const toDoc = to === null ? null : docOf(to);
    try {
      const runs = diffVersions({
        from,
        to: to ?? Y.encodeStateAsUpdateV2(current.doc),
        authorOf: current.authorOf,
        deleterOf: (client, clock) => deletions.deleterOf(client, clock) ?? null,
      });
      const fromContent = chapterContent(chapterFragment(fromDoc)).content;
      const toContent = chapterContent(chapterFragment(toDoc ?? current.doc)).content;
      return { from: range.from, to: range.to, runs, fromContent, toContent };
    } finally {
      fromDoc.destroy();
      toDoc?.destroy();
      current.done();
    }
  }

  async createVersion(
    userId: string,
    bookId: string,
    chapterId: string,
    versionName: string,
  ): Promise<VersionView> {
    const name = await this.chapterName(userId, bookId, chapterId, true);
    const room = await this.deps.rooms.acquire(name);
    try {
      const tracker = this.deps.recorder.trackerOf(name);
      if (!tracker) throw new Error(`room ${name} has no history tracker`);
      const meta = await tracker.version({ kind: 'named', name: versionName, createdBy: userId });
      return versionView(meta!);
    } finally {
      this.deps.rooms.release(room);
    }
  }

  /** Makes the chapter look like the version again, as a new edit by `userId` on top of now. */
  async restore(userId: string, bookId: string, chapterId: string, versionId: number): Promise<RestoreView> {
    const name = await this.chapterName(userId, bookId, chapterId, true);
    const version = docOf((await this.requireVersion(name, versionId)).update);
    const room = await this.deps.rooms.acquire(name);
    try {
      const clientId = freshClientId(room.doc, (id) => room.ownerOf(id) !== undefined);
      await room.writeAs(`user:${userId}`, 'restore', buildRestoreUpdate(room.doc, version, clientId));
      return { restoredFrom: versionId };
    } finally {
      this.deps.rooms.release(room);
      version.destroy();
    }
  }

  async authorship(userId: string, bookId: string, chapterId: string): Promise<AuthorshipView> {
    const name = await this.chapterName(userId, bookId, chapterId);
    const current = await this.current(name);
    try {
      return { runs: authorshipOf(chapterFragment(current.doc), current.authorOf) };
    } finally {
      current.done();
    }
  }

  /** What changed in a book since `sinceMs` (see return-report.ts), for `userId` coming back. */
  async changesSince(userId: string, bookId: string, sinceMs: number): Promise<ReturnReportView> {
    await this.deps.accounts.getBook(userId, bookId);
    await this.deps.recorder.flush();
    // Counts are kept per minute: the minute `since` falls in is included whole.
    const rows = await this.deps.store.listContributions({
      scope: { bookId },
      fromMs: Math.floor(sinceMs / 60_000) * 60_000,
      toMs: Number.MAX_SAFE_INTEGER,
    });
    const names = await this.deps.accounts.displayNames(new Set(rows.map((row) => row.userId)));
    return returnReport({
      userId,
      bookId,
      since: new Date(sinceMs),
      rows,
      nameOf: (id) => names.get(id) ?? id,
    });
  }

  async contributions(
    userId: string,
    scope: { bookId: string; chapterId?: string },
    range: { fromMs: number; toMs: number },
  ): Promise<ContributionStatsView> {
    let chapters: DocName[];
    if (scope.chapterId) {
      chapters = [await this.chapterName(userId, scope.bookId, scope.chapterId)];
    } else {
      await this.deps.accounts.getBook(userId, scope.bookId);
      chapters = await this.chaptersOf(scope.bookId);
    }
    await this.deps.recorder.flush();
    const rows = await this.deps.store.listContributions({
      scope: scope.chapterId ? { doc: chapters[0]! } : { bookId: scope.bookId },
      fromMs: range.fromMs,
      toMs: range.toMs,
    });
    const wordsSurviving = new Map<string, number>();
    for (const name of chapters) {
      for (const [author, words] of await this.survivingWords(name)) {
        wordsSurviving.set(author, (wordsSurviving.get(author) ?? 0) + words);
      }
    }
    const commentActivity = new Map<string, CommentActivity>();
    for (const name of chapters) await this.addCommentsOf(name, commentActivity, range);
    const names = await this.deps.accounts.displayNames(
      new Set([...rows.map((row) => row.userId), ...wordsSurviving.keys(), ...commentActivity.keys()]),
    );
    return {
      from: new Date(range.fromMs).toISOString(),
      to: new Date(range.toMs).toISOString(),
      users: summarizeContributions({
        rows,
        wordsSurviving,
        commentActivity,
        nameOf: (id) => names.get(id) ?? id,
        gapMs: this.deps.writingSessionGapMs,
      }),
    };
  }

  async credits(userId: string, bookId: string): Promise<CreditsView> {
    await this.deps.accounts.getBook(userId, bookId);
    const chapters: { chapterId: string; words: Map<string, number> }[] = [];
    const total = new Map<string, number>();
    for (const name of await this.chaptersOf(bookId)) {
      const words = await this.survivingWords(name);
      chapters.push({ chapterId: name.slice(bookId.length + 1), words });
      for (const [author, count] of words) total.set(author, (total.get(author) ?? 0) + count);
    }
    const commentActivity = new Map<string, CommentActivity>();
    for (const name of await this.chaptersOf(bookId)) {
      await this.addCommentsOf(name, commentActivity, { fromMs: 0, toMs: Number.MAX_SAFE_INTEGER });
    }
    const names = await this.deps.accounts.displayNames(
      new Set([...total.keys(), ...commentActivity.keys()]),
    );
    const credited = (words: Map<string, number>): CreditedAuthor[] =>
      [...words]
        .map(([id, count]) => ({ userId: id, name: names.get(id) ?? id, words: count }))
        .sort((a, b) => b.words - a.words || a.name.localeCompare(b.name));
    return {
      bookId,
      authors: credited(total),
      chapters: chapters.map(({ chapterId, words }) => ({ chapterId, authors: credited(words) })),
      reviewers: [...commentActivity]
        .filter(([, activity]) => activity.commentsWritten > 0 || activity.suggestionsAccepted > 0)
        .sort(
          ([, a], [, b]) =>
            b.suggestionsAccepted - a.suggestionsAccepted || b.commentsWritten - a.commentsWritten,
        )
        .map(([id, activity]) => ({
          userId: id,
          name: names.get(id) ?? id,
          suggestionsAccepted: activity.suggestionsAccepted,
        })),
    };
  }

  private async addCommentsOf(
    chapter: DocName,
    into: Map<string, CommentActivity>,
    range: { fromMs: number; toMs: number },
  ): Promise<void> {
    const comments = await this.current(commentsDocOf(chapter));
    try {
      addCommentActivity(
        into,
        { ...readComments(comments.doc), suggestions: suggestionsOf(comments.doc).values() },
        range,
      );
    } finally {
      comments.done();
    }
  }

  /** The chapter documents of a book that hold anything (its comments documents are not chapters). */
  private async chaptersOf(bookId: string): Promise<DocName[]> {
    return (await this.deps.store.listChapters(bookId)).filter((name) => docKindOf(name) === 'chapter');
  }

  private async survivingWords(name: DocName): Promise<Map<string, number>> {
    const current = await this.current(name);
    try {
      return wordsByAuthor(authorshipOf(chapterFragment(current.doc), current.authorOf));
    } finally {
      current.done();
    }
  }

  private async requireVersion(name: DocName, id: number) {
    const loaded = await loadVersionUpdate(this.deps.store, name, id);
    if (!loaded) throw new AppError('not-found', `no version ${id} of this chapter`);
    return loaded;
  }

  /** The live room's document if loaded, else the stored one (without loading a room). */
  private async current(name: DocName): Promise<CurrentChapter> {
    const room = this.deps.rooms.peek(name);
    if (room) return { doc: room.doc, authorOf: authorOfOwners((id) => room.ownerOf(id)), done: () => {} };
    const stored = await this.deps.store.load(name);
    const doc = new Y.Doc();
    Y.transact(doc, () => {
      if (stored.state) Y.applyUpdate(doc, stored.state);
      for (const update of stored.updates) Y.applyUpdate(doc, update);
    });
    return {
      doc,
      authorOf: authorOfOwners((id) => stored.clientOwners.get(id)),
      done: () => doc.destroy(),
    };
  }
}

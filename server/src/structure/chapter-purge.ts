import type * as Y from 'yjs';
import {
  AppError,
  CloseCode,
  commentsDocOf,
  docKindOf,
  isDocName,
  purgedOf,
  readBookIndex,
  removePurgedChapter,
  type DocName,
} from '@wethink/shared';
import type { DocumentPurge } from '../storage/document-store';

/** A loaded document as purging needs it: its live doc, a server write, closing its peers. */
export interface PurgeRoom {
  readonly name: DocName;
  readonly doc: Y.Doc;
  changeAs(principal: string, reason: 'import', change: (doc: Y.Doc) => void): Promise<void>;
  closeAll(code: CloseCode, detail?: string): void;
}

/** The room registry, as purging uses it. */
export interface PurgeRooms {
  acquire(name: DocName): Promise<PurgeRoom>;
  release(room: PurgeRoom): void;
  /** The loaded room of `name`, if any. */
  peek(name: DocName): PurgeRoom | undefined;
  /** Unloads `name` at once if nobody holds it; true once it is not loaded. */
  unloadNow(name: DocName): Promise<boolean>;
}

export interface ChapterPurgeDeps {
  rooms: PurgeRooms;
  store: DocumentPurge;
  /** The member's role in the book; rejects with `not-found` for a non-member. */
  roleOf: (userId: string, bookId: string) => Promise<string>;
  now: () => number;
  /** How long to wait for the chapter's rooms to unload once their peers are closed. */
  unloadWaitMs: number;
  /** How often to look whether they have. */
  pollMs: number;
  /** Told once the documents are gone (the search index forgets them). */
  afterPurge?: (names: readonly DocName[]) => Promise<void>;
}

/**
 * Purging a chapter from the trash, for good: only the book's owner may, and only a chapter that
 * is in the trash. Its readers are closed with 4404, its rooms (chapter and comments) must have
 * unloaded (an unloading room compacts: purging first would let that write bring it back), then
 * its stored documents are deleted and it is removed from the book's index as the owner's change.
 */
export class ChapterPurge {
  /** Chapters whose purge is under way here: refused to connections before the index says so. */
  private readonly purging = new Set<string>();

  constructor(private readonly deps: ChapterPurgeDeps) {}

  /**
   * Whether the chapter of a chapter or comments document was purged or is being purged: a
   * connection to it would bring an empty document back into storage under its name.
   */
  async isPurged(name: DocName): Promise<boolean> {
    const kind = docKindOf(name);
    if (kind !== 'chapter' && kind !== 'comments') return false;
    const [bookId, chapterId] = name.split('/') as [string, string];
    if (this.purging.has(`${bookId}/${chapterId}`)) return true;
    let index: PurgeRoom;
    try {
      index = await this.deps.rooms.acquire(bookId as DocName);
    } catch {
      // Storage is failing: the chapter's own load fails the same way and says so (4503).
      return false;
    }
    try {
      return purgedOf(index.doc).has(chapterId);
    } finally {
      this.deps.rooms.release(index);
    }
  }

  async purge(userId: string, bookId: string, chapterId: string): Promise<void> {
    const role = await this.deps.roleOf(userId, bookId);
    const chapter = `${bookId}/${chapterId}`;
    if (!isDocName(chapter) || chapterId.includes('/')) throw new AppError('not-found', 'no such chapter');
    if (role !== 'owner')
      throw new AppError('forbidden', `only the book's owner purges chapters, not a ${role}`);
    const index = await this.deps.rooms.acquire(bookId as DocName);
    try {
      const view = readBookIndex(index.doc);
      if (view.chapters.some((entry) => entry.id === chapterId)) {
        throw new AppError('conflict', `chapter ${chapterId} is not in the trash: move it there first`);
      }
      if (!view.trash.some((entry) => entry.id === chapterId))
        throw new AppError('not-found', 'no such chapter');
      const names = [chapter, commentsDocOf(chapter)];
      this.purging.add(chapter);
      try {
        await this.unload(names);
        await this.deps.store.purgeDocuments(names);
        await this.deps.afterPurge?.(names);
        await index.changeAs(`user:${userId}`, 'import', (doc) =>
          removePurgedChapter(doc, chapterId, this.deps.now()),
        );
      } finally {
        this.purging.delete(chapter);
      }
    } finally {
      this.deps.rooms.release(index);
    }
  }

  /**
   * Closes this instance's rooms of a chapter purged elsewhere (another instance did it: the
   * book's index says so). Their stores refuse it already; this ends its readers and drops it.
   */
  async closePurged(chapter: DocName): Promise<void> {
    if (this.purging.has(chapter)) return; // this instance's own purge
    await this.unload([chapter, commentsDocOf(chapter)]).catch(() => {
      // Still held (a peer that has not gone yet): its room is dropped when it unloads.
    });
  }

  /** Closes the rooms' peers and waits until neither room is loaded. */
  private async unload(names: readonly DocName[]): Promise<void> {
    for (const name of names) {
      const room = this.deps.rooms.peek(name);
      if (room === undefined) continue;
      room.closeAll(CloseCode.documentNotFound, 'chapter purged');
    }
    const deadline = this.deps.now() + this.deps.unloadWaitMs;
    // Closed peers leave as their sockets close; each room unloads (compacting first) once empty.
    for (;;) {
      const gone = await Promise.all(names.map((name) => this.deps.rooms.unloadNow(name)));
      if (gone.every(Boolean)) return;
      if (this.deps.now() > deadline) {
        throw new AppError('conflict', 'the chapter is still open somewhere; try again in a moment');
      }
      await new Promise((resolve) => setTimeout(resolve, this.deps.pollMs));
    }
  }
}

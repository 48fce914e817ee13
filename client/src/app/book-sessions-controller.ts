import type { BookView, NoticeKind, Role, UserView } from '@wethink/shared/client';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AccountCache } from '../account/account-cache';
import { capabilitiesOf } from '../account/capabilities';
import { BookIndex, UNTITLED_BOOK } from '../book/book-index';
import { BookIndexController } from '../book/book-index-controller';
import { seedChapter } from '../book/chapter-content';
import { createId } from '../book/ids';
import { WordCountRecorder } from '../book/word-count-recorder';
import type { CollabSession, SessionOptions } from '../collab/collab-session';
import { PresenceActivity, lightColor, type AwarenessUser, type PresenceInfo } from '../collab/presence';
import { SessionController } from '../collab/session-controller';
import type { SessionState } from '../collab/session-state';
import type { BookAccessController } from './book-access-controller';
import { lookUpChapter, type ChapterLookup } from './chapter-lookup';
import {
  bookDocName,
  chapterDocName,
  commentsDocName,
  isCommentsDocName,
  isDocOfBook,
  type Route,
} from './route';
import { SessionPool } from './session-pool';

export interface BookSessionsDeps {
  openSession: (docName: string, options: SessionOptions) => CollabSession;
  access: BookAccessController;
  cache: AccountCache;
  /** The signed-in user; sessions open only while there is one. */
  getUser: () => UserView | null;
  fillRandom: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>;
  nowMs: () => number;
  /** A notice from the server on a book's index connection (the one socket each book tab holds). */
  onNotice?: (bookId: string, kind: NoticeKind) => void;
}

/**
 * The sessions (book index, chapter and its comments) of the book on screen: opens them for the route, lets the
 * pool close the rest once saved, follows what the sockets say (role changed, refused, failing)
 * with questions to the access controller, and writes the index only for roles that may write.
 */
export class BookSessionsController implements ReactiveController {
  indexSession: CollabSession | null = null;
  chapterSession: CollabSession | null = null;
  /** The chapter's comments document: read live, written only by the server. */
  commentsSession: CollabSession | null = null;
  chapterLookup: ChapterLookup = 'waiting';
  readonly index: BookIndexController;
  readonly indexState: SessionController;
  readonly chapterState: SessionController;
  private pool: SessionPool | null = null;
  /** The role the open sessions announce in awareness. */
  private announcedRole: Role | null = null;
  /** What each session last told us, so each role change and refusal is followed up once. */
  private readonly seenSignals = new WeakMap<CollabSession, Pick<SessionState, 'roleChanges' | 'refusal'>>();
  private readonly wordCounts = new WordCountRecorder({
    write: (chapterId, wordCount) => this.writeWordCount(chapterId, wordCount),
    delayMs: 1500,
  });

  constructor(
    host: ReactiveControllerHost,
    private readonly deps: BookSessionsDeps,
  ) {
    host.addController(this);
    this.index = new BookIndexController(host, () => this.indexSession?.ydoc ?? null);
    // What routing and the waiting pages need; the book page's save state has its own element.
    this.indexState = new SessionController(
      host,
      () => this.indexSession,
      ({ connection, refusal, roleChanges, hasSyncedWithServer, isLoadedFromDevice }) => ({
        connection,
        refusal,
        roleChanges,
        hasSyncedWithServer,
        isLoadedFromDevice,
      }),
    );
    // The chapter's signals only: its save state and peers change per keystroke and have their own elements.
    this.chapterState = new SessionController(
      host,
      () => this.chapterSession,
      ({ connection, refusal, roleChanges }) => ({ connection, refusal, roleChanges }),
    );
  }

  hostDisconnected(): void {
    this.wordCounts.flush();
    this.closeAll();
  }

  /** The member's last known role in the book on screen (announced in awareness), or null. */
  get role(): Role | null {
    const access = this.deps.access.access;
    return access.status === 'member' ? access.role : null;
  }

  /** The role to act on: null (read-only) while not known or while a change is being fetched. */
  get actingRole(): Role | null {
    const access = this.deps.access.access;
    return access.status === 'member' && access.isChanging !== true ? access.role : null;
  }

  get hasUnsavedChanges(): boolean {
    return this.pool?.hasUnsavedChanges === true;
  }

  /** Whether a connection that carries notices is live: then nothing needs polling. */
  get hasLiveNotices(): boolean {
    return this.indexSession?.state.connection === 'live';
  }

  /** Call before each render: follows the sockets' signals, then opens what `route` shows. */
  follow(route: Route): void {
    this.followSignals(route);
    this.openForRoute(route);
    if ('bookId' in route) this.seedIfEmpty(route.bookId);
  }

  /**
   * True when the book's index is known to be empty: both this device's copy and the server's
   * are in and neither has the book (its creator never got to write it, e.g. offline at once).
   */
  get isIndexEmpty(): boolean {
    const state = this.indexSession?.state;
    const book = this.index.info;
    return (
      state !== undefined &&
      state.hasSyncedWithServer &&
      state.isLoadedFromDevice &&
      book?.isCreated === false
    );
  }

  /** The book's index for changes, or null when this member may not write. */
  writableIndex(): BookIndex | null {
    return capabilitiesOf(this.actingRole).canWrite ? this.index.bookIndex : null;
  }

  /** Adds a chapter (seeded) to the book on screen; returns its id, or null for read-only members. */
  createChapter(bookId: string): string | null {
    const bookIndex = this.writableIndex();
    if (bookIndex === null) return null;
    const chapterId = createId(this.deps.fillRandom);
    this.seedNewChapter(bookId, chapterId);
    bookIndex.addChapter({ id: chapterId, title: `Chapter ${bookIndex.read().chapters.length + 1}` });
    return chapterId;
  }

  /** Writes a book the server just created (we own it): its index and first chapter. */
  seedBook(book: Pick<BookView, 'id' | 'title'>): string {
    const chapterId = createId(this.deps.fillRandom);
    this.seedNewChapter(book.id, chapterId);
    new BookIndex(this.sessions.acquire(bookDocName(book.id)).ydoc).create({
      title: book.title,
      nowMs: this.deps.nowMs(),
      firstChapter: { id: chapterId, title: 'Chapter 1' },
    });
    return chapterId;
  }

  recordWordCount(chapterId: string, wordCount: number): void {
    this.wordCounts.record(chapterId, wordCount);
  }

  /**
   * Writes what still waits for its delay, word counts to the server and edits to this device:
   * the page may be about to go.
   */
  writeDown(): void {
    this.wordCounts.flush();
    this.pool?.writeDown();
  }

  /** The page is going away: tell the others, keep data in IndexedDB. */
  announceLeave(): void {
    this.pool?.announceLeave();
  }

  closeAll(): void {
    this.wordCounts.flush();
    this.indexSession = null;
    this.chapterSession = null;
    this.commentsSession = null;
    this.pool?.destroyAll();
    this.pool = null;
  }

  /**
   * What the sockets say, turned into questions for the API: a role change (4205) or a refusal
   * (4403, e.g. removed from the book) re-reads the role; a socket that keeps failing asks whether
   * it is the network, the sign-in or the membership (the browser only sees a failed socket).
   */
  private followSignals(route: Route): void {
    const { access } = this.deps;
    for (const session of [this.indexSession, this.chapterSession]) {
      if (session === null) continue;
      const { roleChanges, refusal, connection } = session.state;
      const seen = this.seenSignals.get(session);
      this.seenSignals.set(session, { roleChanges, refusal });
      const isNewRefusal = refusal !== null && refusal !== seen?.refusal;
      if (roleChanges !== (seen?.roleChanges ?? 0)) access.noteRoleChanged();
      else if (isNewRefusal) access.recheck();
      else if (connection === 'offline') access.noteSocketTrouble();
    }
    const role = this.role;
    const user = this.deps.getUser();
    if (role !== this.announcedRole && this.pool !== null && user !== null && 'bookId' in route) {
      for (const session of this.pool.sessionsWhere((docName) => isDocOfBook(docName, route.bookId))) {
        session.setUser(this.awarenessUser(user, role));
      }
    }
    this.announcedRole = role;
  }

  private openForRoute(route: Route): void {
    const status = this.deps.access.access.status;
    if (
      (route.kind !== 'book' &&
        route.kind !== 'chapter' &&
        route.kind !== 'credits' &&
        route.kind !== 'contents' &&
        // The members page holds the index too: its notices keep the list live.
        route.kind !== 'members') ||
      (status !== 'member' && status !== 'unknown') ||
      this.deps.getUser() === null
    ) {
      this.indexSession = null;
      this.chapterSession = null;
      this.commentsSession = null;
      this.pool?.retain(new Set());
      return;
    }
    const pool = this.sessions;
    const needed = new Set([bookDocName(route.bookId)]);
    this.indexSession = pool.acquire(bookDocName(route.bookId));
    const book = new BookIndex(this.indexSession.ydoc).read();
    this.chapterLookup =
      route.kind === 'chapter' ? lookUpChapter(book, this.indexSession.state, route.chapterId) : 'waiting';
    this.chapterSession = null;
    this.commentsSession = null;
    if (route.kind === 'chapter' && this.chapterLookup === 'found') {
      const docName = chapterDocName(route.bookId, route.chapterId);
      const commentsName = commentsDocName(route.bookId, route.chapterId);
      needed.add(docName).add(commentsName);
      this.chapterSession = pool.acquire(docName);
      this.commentsSession = pool.acquire(commentsName);
    }
    pool.retain(needed);
  }

  /** The pool, opened on first use. */
  private get sessions(): SessionPool {
    this.pool ??= new SessionPool((docName) => this.openSession(docName));
    return this.pool;
  }

  private openSession(docName: string): CollabSession {
    const user = this.deps.getUser();
    if (user === null) throw new Error(`cannot open ${docName} while signed out`);
    const bookId = docName.split('/')[0] ?? docName;
    // The book on screen has a checked role; a book just created has its role in the cache.
    const role = this.role ?? this.deps.cache.roleIn(bookId);
    const isComments = isCommentsDocName(docName);
    const presence: PresenceInfo | null = isComments
      ? null
      : { isReading: false, activity: PresenceActivity.active };
    // Comments go through the HTTP API: their document is read-only over sync for everyone.
    // Notices come on the index's connection only: one per tab, whichever page of the book is open.
    const { onNotice } = this.deps;
    return this.deps.openSession(docName, {
      user: this.awarenessUser(user, role),
      presence,
      isReadOnlyDoc: isComments,
      ...(onNotice && docName === bookDocName(bookId)
        ? { onNotice: (kind: NoticeKind) => onNotice(bookId, kind) }
        : {}),
    });
  }

  private awarenessUser(user: UserView, role: Role | null): AwarenessUser {
    return { id: user.id, name: user.name, color: user.color, colorLight: lightColor(user.color), role };
  }

  /**
   * The owner writes an empty book's index when opening it. Only the owner, so that two members
   * opening it at once do not both start it, and never a member who cannot write.
   */
  private seedIfEmpty(bookId: string): void {
    const access = this.deps.access.access;
    if (this.actingRole !== 'owner' || !this.isIndexEmpty || access.status !== 'member') return;
    this.seedBook({ id: bookId, title: access.title ?? UNTITLED_BOOK });
  }

  /** Opens the new chapter's document and writes its first paragraph before anyone can see it. */
  private seedNewChapter(bookId: string, chapterId: string): void {
    seedChapter(this.sessions.acquire(chapterDocName(bookId, chapterId)).ydoc);
  }

  private writeWordCount(chapterId: string, wordCount: number): void {
    const bookIndex = this.writableIndex();
    if (bookIndex?.findChapter(chapterId) != null) bookIndex.setWordCount(chapterId, wordCount);
  }
}

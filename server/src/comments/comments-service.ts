import type * as Y from 'yjs';
import {
  AppError,
  MAX_COMMENT_CHARS,
  MAX_COMMENTS_PER_THREAD,
  MAX_THREADS_PER_CHAPTER,
  anchoredText,
  chapterFragment,
  commentsDocOf,
  commentsOf,
  decodeAnchor,
  isDocName,
  openRound,
  quoteOf,
  readComments,
  roundsOf,
  suggestionsOf,
  threadsOf,
  type CommentRecord,
  type CommentsView,
  type CreateThreadRequest,
  type DocName,
  type OpenRoundRequest,
  type ReplyRequest,
  type Role,
  type RoundRecord,
  type ThreadRecord,
} from '@wethink/shared';
import type { AccountService } from '../accounts/account-service';
import type { Room } from '../sync/room';
import {
  assertMayDelete,
  assertMayEdit,
  assertMayResolve,
  assertMayRunRounds,
  commentingRound,
} from './comment-rules';
import { mentionsIn } from './mentions';
import type { Notifications } from './notifications';

/** Loaded rooms, held while a request works on them. */
export interface CommentRooms {
  acquire(name: DocName): Promise<Room>;
  release(room: Room): void;
}

/** Versions a round can be sent as (the history service). */
export interface RoundVersions {
  exists(chapter: DocName, versionId: number): Promise<boolean>;
  /** Takes a named version of the chapter now, as `userId`; returns its id. */
  take(userId: string, bookId: string, chapterId: string, name: string): Promise<number>;
}

interface Member {
  userId: string;
  role: Role;
  name: string;
}

/** The principal the server writes comments documents as; its client ids bind to it. */
export const COMMENTS_PRINCIPAL = 'server:comments';

/**
 * Comments, threads and review rounds of chapters. Every write is checked here against the rules
 * (comment-rules.ts) and the current comments document, then applied to that document by the
 * server, which relays it to everyone reading it live. Author fields always come from the session.
 */
export class CommentsService {
  /** The comment write each comments room is busy with: the next waits for it. */
  private readonly turns = new Map<Room, Promise<void>>();

  constructor(
    private readonly deps: {
      rooms: CommentRooms;
      accounts: AccountService;
      notifications: Notifications;
      versions: RoundVersions;
      /** A round closed: the readers its public link let in must go. */
      onRoundClosed?: (chapter: DocName) => void;
      now?: () => number;
    },
  ) {}

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  async list(userId: string, bookId: string, chapterId: string): Promise<CommentsView> {
    const { chapter } = await this.scope(userId, bookId, chapterId);
    return this.withRooms(chapter, async (chapterRoom, commentsRoom) => {
      const snapshot = readComments(commentsRoom.doc);
      const fragment = chapterFragment(chapterRoom.doc);
      return {
        threads: snapshot.threads.map((thread) => ({
          ...thread,
          orphaned: anchoredText(fragment, decodeAnchor(thread.anchor)) === '',
        })),
        comments: snapshot.comments,
        rounds: snapshot.rounds,
      };
    });
  }

  async createThread(
    userId: string,
    bookId: string,
    chapterId: string,
    request: CreateThreadRequest,
  ): Promise<{ thread: ThreadRecord; comment: CommentRecord }> {
    const { chapter, member } = await this.scope(userId, bookId, chapterId);
    checkBody(request.body);
    const positions = decodeAnchor(request.anchor);
    const mentions = await this.mentionsOf(bookId, request.body, userId);
    const result = await this.withRooms(chapter, async (chapterRoom, commentsRoom) => {
      const doc = commentsRoom.doc;
      const existing = threadsOf(doc).get(request.id);
      if (existing) {
        const first = commentsOf(doc).get(request.commentId);
        if (existing.createdBy === userId && first?.threadId === request.id) {
          return { thread: existing, comment: first, isNew: false };
        }
        throw new AppError('conflict', `thread ${request.id} exists`);
      }
      if (commentsOf(doc).has(request.commentId))
        throw new AppError('conflict', `comment ${request.commentId} exists`);
      const roundId = commentingRound(member.role, roundsOf(doc).values(), this.now());
      if (threadsOf(doc).size >= MAX_THREADS_PER_CHAPTER) {
        throw new AppError('payload-too-large', `a chapter holds at most ${MAX_THREADS_PER_CHAPTER} threads`);
      }
      const text = anchoredText(chapterFragment(chapterRoom.doc), positions);
      if (text === '') throw new AppError('anchor-gone', 'the commented passage no longer exists');
      const at = new Date(this.now()).toISOString();
      const thread: ThreadRecord = {
        id: request.id,
        anchor: request.anchor,
        quote: quoteOf(text),
        createdBy: userId,
        createdAt: at,
        status: 'open',
        resolvedBy: null,
        resolvedAt: null,
        roundId,
      };
      const comment = this.newComment(
        mentions,
        member,
        request.commentId,
        request.id,
        request.body,
        at,
        roundId,
      );
      await commentsRoom.changeAs(COMMENTS_PRINCIPAL, 'comment', (target) => {
        threadsOf(target).set(thread.id, thread);
        commentsOf(target).set(comment.id, comment);
      });
      return { thread, comment, isNew: true };
    });
    if (result.isNew) await this.notifyMentions(bookId, chapterId, result.comment, []);
    return { thread: result.thread, comment: result.comment };
  }

  async reply(
    userId: string,
    bookId: string,
    chapterId: string,
    threadId: string,
    request: ReplyRequest,
  ): Promise<CommentRecord> {
    const { chapter, member } = await this.scope(userId, bookId, chapterId);
    checkBody(request.body);
    const mentions = await this.mentionsOf(bookId, request.body, userId);
    const result = await this.withComments(chapter, async (room) => {
      const doc = room.doc;
      // A suggestion carries a thread of its own, under the suggestion's id (suggestion-routes.ts).
      if (!suggestionsOf(doc).has(threadId)) requireThread(doc, threadId);
      const existing = commentsOf(doc).get(request.id);
      if (existing) {
        if (existing.authorId === userId && existing.threadId === threadId)
          return { comment: existing, isNew: false };
        throw new AppError('conflict', `comment ${request.id} exists`);
      }
      const roundId = commentingRound(member.role, roundsOf(doc).values(), this.now());
      let inThread = 0;
      for (const comment of commentsOf(doc).values()) if (comment.threadId === threadId) inThread += 1;
      if (inThread >= MAX_COMMENTS_PER_THREAD) {
        throw new AppError('payload-too-large', `a thread holds at most ${MAX_COMMENTS_PER_THREAD} comments`);
      }
      const at = new Date(this.now()).toISOString();
      const comment = this.newComment(mentions, member, request.id, threadId, request.body, at, roundId);
      await room.changeAs(COMMENTS_PRINCIPAL, 'comment', (target) =>
        commentsOf(target).set(comment.id, comment),
      );
      return { comment, isNew: true };
    });
    if (result.isNew) await this.notifyMentions(bookId, chapterId, result.comment, []);
    return result.comment;
  }

  async edit(
    userId: string,
    bookId: string,
    chapterId: string,
    ids: { threadId: string; commentId: string },
    body: string,
  ): Promise<CommentRecord> {
    const { chapter, member } = await this.scope(userId, bookId, chapterId);
    checkBody(body);
    const mentions = await this.mentionsOf(bookId, body, userId);
    const { comment, before } = await this.withComments(chapter, async (room) => {
      const current = requireComment(room.doc, ids);
      assertMayEdit(userId, current);
      commentingRound(member.role, roundsOf(room.doc).values(), this.now());
      if (current.body === body) return { comment: current, before: current.mentions };
      const edited: CommentRecord = {
        ...current,
        body,
        mentions,
        editedAt: new Date(this.now()).toISOString(),
      };
      await room.changeAs(COMMENTS_PRINCIPAL, 'comment', (target) =>
        commentsOf(target).set(edited.id, edited),
      );
      return { comment: edited, before: current.mentions };
    });
    await this.notifyMentions(bookId, chapterId, comment, before);
    return comment;
  }

  async delete(
    userId: string,
    bookId: string,
    chapterId: string,
    ids: { threadId: string; commentId: string },
  ): Promise<CommentRecord> {
    const { chapter, member } = await this.scope(userId, bookId, chapterId);
    return this.withComments(chapter, async (room) => {
      const current = requireComment(room.doc, ids);
      assertMayDelete(userId, member.role, current);
      if (current.authorId === userId) commentingRound(member.role, roundsOf(room.doc).values(), this.now());
      if (current.deletedAt !== null) return current;
      // The record stays (replies keep their place, contributions their count); its text goes.
      const deleted: CommentRecord = {
        ...current,
        body: '',
        mentions: [],
        deletedAt: new Date(this.now()).toISOString(),
      };
      await room.changeAs(COMMENTS_PRINCIPAL, 'comment', (target) =>
        commentsOf(target).set(deleted.id, deleted),
      );
      return deleted;
    });
  }

  async setStatus(
    userId: string,
    bookId: string,
    chapterId: string,
    threadId: string,
    status: ThreadRecord['status'],
  ): Promise<ThreadRecord> {
    const { chapter, member } = await this.scope(userId, bookId, chapterId);
    assertMayResolve(member.role);
    return this.withComments(chapter, async (room) => {
      const current = requireThread(room.doc, threadId);
      if (current.status === status) return current;
      const isResolved = status === 'resolved';
      const thread: ThreadRecord = {
        ...current,
        status,
        resolvedBy: isResolved ? userId : null,
        resolvedAt: isResolved ? new Date(this.now()).toISOString() : null,
      };
      await room.changeAs(COMMENTS_PRINCIPAL, 'comment', (target) =>
        threadsOf(target).set(thread.id, thread),
      );
      return thread;
    });
  }

  async openRound(
    userId: string,
    bookId: string,
    chapterId: string,
    request: OpenRoundRequest,
  ): Promise<RoundRecord> {
    const { chapter, member } = await this.scope(userId, bookId, chapterId);
    assertMayRunRounds(member.role);
    const nowMs = this.now();
    if (request.endsAt !== undefined && Date.parse(request.endsAt) <= nowMs) {
      throw new AppError('invalid-request', 'endsAt: a round must end in the future');
    }
    // Refuse early (before taking a version) when a round is already open; checked again below.
    await this.withComments(chapter, (room) => assertNoOpenRound(room.doc, nowMs));
    let versionId = request.versionId;
    if (versionId === undefined) {
      versionId = await this.deps.versions.take(
        userId,
        bookId,
        chapterId,
        `Sent to readers: ${request.title}`,
      );
    } else if (!(await this.deps.versions.exists(chapter, versionId))) {
      throw new AppError('not-found', `no version ${versionId} of this chapter`);
    }
    const round: RoundRecord = {
      id: `r_${nowMs.toString(36)}_${Math.random().toString(36).slice(2, 8)}`,
      title: request.title,
      versionId,
      openedBy: userId,
      startsAt: new Date(nowMs).toISOString(),
      endsAt: request.endsAt === undefined ? null : new Date(request.endsAt).toISOString(),
      closedAt: null,
    };
    return this.withComments(chapter, async (room) => {
      assertNoOpenRound(room.doc, this.now());
      await room.changeAs(COMMENTS_PRINCIPAL, 'comment', (target) => roundsOf(target).set(round.id, round));
      return round;
    });
  }

  async closeRound(userId: string, bookId: string, chapterId: string, roundId: string): Promise<RoundRecord> {
    const { chapter, member } = await this.scope(userId, bookId, chapterId);
    assertMayRunRounds(member.role);
    const closed = await this.withComments(chapter, async (room) => {
      const current = roundsOf(room.doc).get(roundId);
      if (!current) throw new AppError('not-found', `no round ${roundId}`);
      if (current.closedAt !== null) return current;
      const round: RoundRecord = { ...current, closedAt: new Date(this.now()).toISOString() };
      await room.changeAs(COMMENTS_PRINCIPAL, 'comment', (target) => roundsOf(target).set(round.id, round));
      return round;
    });
    this.deps.onRoundClosed?.(chapter);
    return closed;
  }

  /**
   * The member's role and name in the book (404 for non-members) and the chapter's document name.
   * Also for the other services that write a chapter's comments document (suggestions).
   */
  async scope(
    userId: string,
    bookId: string,
    chapterId: string,
  ): Promise<{ chapter: DocName; member: Member }> {
    const { role } = await this.deps.accounts.getBook(userId, bookId);
    const name = `${bookId}/${chapterId}`;
    if (!isDocName(name) || chapterId.includes('/')) throw new AppError('not-found', 'no such chapter');
    const names = await this.deps.accounts.displayNames([userId]);
    return { chapter: name, member: { userId, role, name: names.get(userId) ?? userId } };
  }

  /**
   * Runs `work` on a chapter's comments room, one at a time per room: each checks its rules
   * against the document and then writes, and the write is stored asynchronously, so the next
   * check must wait for it.
   */
  async withComments<T>(chapter: DocName, work: (room: Room) => T | Promise<T>): Promise<T> {
    const room = await this.deps.rooms.acquire(commentsDocOf(chapter));
    const previous = this.turns.get(room) ?? Promise.resolve();
    const turn = previous.then(() => work(room));
    const settled = turn.then(
      () => {},
      () => {},
    );
    this.turns.set(room, settled);
    try {
      return await turn;
    } finally {
      if (this.turns.get(room) === settled) this.turns.delete(room);
      this.deps.rooms.release(room);
    }
  }

  /** `withComments`, holding the chapter's own room too (to read or change the text). */
  async withRooms<T>(
    chapter: DocName,
    work: (chapterRoom: Room, commentsRoom: Room) => T | Promise<T>,
  ): Promise<T> {
    const chapterRoom = await this.deps.rooms.acquire(chapter);
    try {
      return await this.withComments(chapter, (commentsRoom) => work(chapterRoom, commentsRoom));
    } finally {
      this.deps.rooms.release(chapterRoom);
    }
  }

  private newComment(
    mentions: string[],
    author: Member,
    id: string,
    threadId: string,
    body: string,
    at: string,
    roundId: string | null,
  ): CommentRecord {
    return {
      id,
      threadId,
      authorId: author.userId,
      authorName: author.name,
      body,
      mentions,
      createdAt: at,
      editedAt: null,
      deletedAt: null,
      roundId,
    };
  }

  /** Read before the comments room is entered: work inside a room stays synchronous. */
  private async mentionsOf(bookId: string, body: string, authorId: string): Promise<string[]> {
    if (!body.includes('@')) return [];
    const members = await this.deps.accounts.listMembers(authorId, bookId);
    return mentionsIn(body, members).filter((id) => id !== authorId);
  }

  private async notifyMentions(
    bookId: string,
    chapterId: string,
    comment: CommentRecord,
    before: readonly string[],
  ): Promise<void> {
    const fresh = comment.mentions.filter((id) => !before.includes(id));
    if (fresh.length === 0) return;
    await this.deps.notifications.mentioned(fresh, { bookId, chapterId, comment, at: this.now() });
  }
}

function checkBody(body: string): void {
  if (body.length > MAX_COMMENT_CHARS) {
    throw new AppError('payload-too-large', `a comment holds at most ${MAX_COMMENT_CHARS} characters`);
  }
}

function requireThread(doc: Y.Doc, threadId: string): ThreadRecord {
  const thread = threadsOf(doc).get(threadId);
  if (!thread) throw new AppError('not-found', `no thread ${threadId}`);
  return thread;
}

function requireComment(doc: Y.Doc, ids: { threadId: string; commentId: string }): CommentRecord {
  const comment = commentsOf(doc).get(ids.commentId);
  if (!comment || comment.threadId !== ids.threadId)
    throw new AppError('not-found', `no comment ${ids.commentId}`);
  return comment;
}

function assertNoOpenRound(doc: Y.Doc, nowMs: number): void {
  const open = openRound(roundsOf(doc).values(), nowMs);
  if (open) throw new AppError('conflict', `review round "${open.title}" is still open`);
}

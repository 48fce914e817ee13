import {
  openRound,
  type CommentAnchor,
  type CommentsSnapshot,
  type OpenRoundRequest,
  type RoundRecord,
  type ThreadStatus,
} from '@wethink/shared/client';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ApiClient, ChapterRef } from '../api/api-client';
import { ApiError } from '../api/api-error';
import type { CollabSession } from '../collab/collab-session';
import type { CommentOp } from './comment-ops';
import type { CommentOutbox, OutboxRefusal, OutboxState } from './comment-outbox';
import { CommentsStore, EMPTY_COMMENTS } from './comments-store';
import { mergeThreads, type ThreadEntry } from './thread-list';

/** What the comments of any chapter need from the app, wired once in `<book-app>`. */
export interface CommentServices {
  api: ApiClient;
  outbox: CommentOutbox;
  /** A fresh id for a thread or comment (`[A-Za-z0-9_-]{8,64}`). */
  newId: () => string;
  nowMs: () => number;
}

export interface CommentsUser {
  id: string;
  name: string;
}

/** The outbox's state before there is one to watch. */
const NO_OUTBOX: OutboxState = { items: [], refusals: [], delivered: [], isWaiting: false };

const isSameChapter = (a: ChapterRef | null, b: ChapterRef | null): boolean =>
  a?.bookId === b?.bookId && a?.chapterId === b?.chapterId;

/**
 * One chapter's comments for the page showing it: the comments document as plain data (re-read
 * on every change), this user's writes through the outbox (shown as sending until the server has
 * them), the members' names for `@mentions`, and the owner's review-round actions, which need
 * the server at once and so are not queued.
 */
export class CommentsController implements ReactiveController {
  snapshot: CommentsSnapshot = EMPTY_COMMENTS;
  outboxState: OutboxState = NO_OUTBOX;
  memberNames: readonly string[] = [];
  /** Why the last round action failed; null when it did not. */
  roundError: string | null = null;
  isRoundBusy = false;
  private chapter: ChapterRef | null = null;
  private user: CommentsUser | null = null;
  private session: CollabSession | null = null;
  private outbox: CommentOutbox | null = null;
  private store: CommentsStore | null = null;
  private stopStore: (() => void) | null = null;
  private stopSession: (() => void) | null = null;
  private stopOutbox: (() => void) | null = null;
  private membersFor: string | null = null;
  private membersRevision = 0;
  private merged: { key: readonly unknown[]; entries: ThreadEntry[] } | null = null;
  /** Re-renders when the open round reaches its end, so readers stop being offered "Comment". */
  private roundEndTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** Null until the page has them: nothing is shown, fetched or written before. */
    private readonly services: () => CommentServices | null,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.follow(null, null, null);
    this.watchRoundEnd();
  }

  /** The chapter on screen, its comments session and who is reading; call before each render. */
  follow(
    chapter: ChapterRef | null,
    session: CollabSession | null,
    user: CommentsUser | null,
    /** Bumped when the book's members changed: the names are fetched again. */
    membersRevision = 0,
  ): void {
    if (!isSameChapter(chapter, this.chapter)) this.roundError = null;
    this.chapter = chapter;
    this.user = user;
    // Watched while a chapter is followed: its writes and refusals are shown per chapter.
    const outbox = chapter === null ? null : (this.services()?.outbox ?? null);
    if (outbox !== this.outbox) this.watchOutbox(outbox);
    if (session !== this.session) this.watch(session);
    const isStale = chapter?.bookId !== this.membersFor || membersRevision !== this.membersRevision;
    this.membersRevision = membersRevision;
    if (chapter !== null && isStale) void this.loadMembers(chapter.bookId);
  }

  /** The threads with their comments and this device's waiting writes (not yet in document order). */
  get entries(): ThreadEntry[] {
    const user = this.user ?? { id: '', name: '' };
    const pending = this.outboxState.items.filter(
      (item) => item.userId === user.id && this.isThisChapter(item.chapter),
    );
    const key = [this.snapshot, this.outboxState, user.id, user.name] as const;
    if (this.merged !== null && this.merged.key.every((part, index) => part === key[index]))
      return this.merged.entries;
    const entries = mergeThreads({
      snapshot: this.snapshot,
      pending,
      delivered: this.outboxState.delivered,
      user,
    });
    this.merged = { key, entries };
    return entries;
  }

  /** This user's refused writes on this chapter, to be read and dismissed. */
  get refusals(): OutboxRefusal[] {
    return this.outboxState.refusals.filter(
      (refusal) => refusal.item.userId === this.user?.id && this.isThisChapter(refusal.item.chapter),
    );
  }

  /** The review round readers may comment in now, if any. */
  get openRound(): RoundRecord | null {
    const services = this.services();
    return services === null ? null : openRound(this.snapshot.rounds, services.nowMs());
  }

  /** Names to highlight as `@mentions`: the members, and anyone who wrote here. */
  get mentionNames(): string[] {
    return [
      ...new Set([...this.memberNames, ...this.snapshot.comments.map((comment) => comment.authorName)]),
    ];
  }

  /** Starts a thread on a passage; returns its id. */
  createThread(anchor: CommentAnchor, quote: string, body: string): string | null {
    const services = this.services();
    if (services === null) return null;
    const threadId = services.newId();
    const ok = this.enqueue({
      kind: 'create-thread',
      threadId,
      commentId: services.newId(),
      anchor,
      quote,
      body,
    });
    return ok ? threadId : null;
  }

  reply(threadId: string, body: string): void {
    const services = this.services();
    if (services !== null) this.enqueue({ kind: 'reply', threadId, commentId: services.newId(), body });
  }

  edit(threadId: string, commentId: string, body: string): void {
    this.enqueue({ kind: 'edit', threadId, commentId, body });
  }

  remove(threadId: string, commentId: string): void {
    this.enqueue({ kind: 'delete', threadId, commentId });
  }

  setStatus(threadId: string, status: ThreadStatus): void {
    this.enqueue({ kind: status === 'resolved' ? 'resolve' : 'reopen', threadId });
  }

  dismiss(seq: number): void {
    this.outbox?.dismiss(seq);
  }

  /** Sends the draft to readers: a review round (the server names a version of the chapter now). */
  startRound(request: OpenRoundRequest): Promise<void> {
    return this.roundAction((api, chapter) => api.openRound(chapter, request));
  }

  closeRound(roundId: string): Promise<void> {
    return this.roundAction((api, chapter) => api.closeRound(chapter, roundId));
  }

  private enqueue(op: CommentOp): boolean {
    if (this.chapter === null || this.user === null || this.outbox === null) return false;
    this.outbox.enqueue(this.user.id, this.chapter, op);
    return true;
  }

  private async roundAction(action: (api: ApiClient, chapter: ChapterRef) => Promise<RoundRecord>) {
    const chapter = this.chapter;
    const api = this.services()?.api;
    if (chapter === null || api === undefined || this.isRoundBusy) return;
    this.isRoundBusy = true;
    this.roundError = null;
    this.host.requestUpdate();
    try {
      await action(api, chapter);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (isSameChapter(chapter, this.chapter)) this.roundError = error.message;
    } finally {
      this.isRoundBusy = false;
      this.host.requestUpdate();
    }
  }

  private watch(session: CollabSession | null): void {
    this.stopStore?.();
    this.stopSession?.();
    this.store?.destroy();
    this.session = session;
    this.store = session === null ? null : new CommentsStore(session.ydoc);
    this.snapshot = this.store?.snapshot ?? EMPTY_COMMENTS;
    this.watchRoundEnd();
    this.stopStore =
      this.store?.subscribe((snapshot) => {
        this.snapshot = snapshot;
        this.watchRoundEnd();
        this.host.requestUpdate();
      }) ?? null;
    // Back online with the server: writes made meanwhile go out now.
    let wasLive = false;
    this.stopSession =
      session?.subscribe((state) => {
        const isLive = state.connection === 'live';
        if (isLive && !wasLive && this.user !== null) void this.outbox?.flush(this.user.id);
        wasLive = isLive;
      }) ?? null;
  }

  private watchOutbox(outbox: CommentOutbox | null): void {
    this.stopOutbox?.();
    this.outbox = outbox;
    this.outboxState = outbox?.state ?? NO_OUTBOX;
    this.stopOutbox =
      outbox?.subscribe((state) => {
        this.outboxState = state;
        this.host.requestUpdate();
      }) ?? null;
  }

  private watchRoundEnd(): void {
    if (this.roundEndTimer !== null) clearTimeout(this.roundEndTimer);
    this.roundEndTimer = null;
    const endsAt = this.openRound?.endsAt;
    const services = this.services();
    if (this.session === null || endsAt == null || services === null) return;
    // setTimeout holds at most ~24.8 days; a later end is looked at again then.
    const delay = Math.min(Date.parse(endsAt) - services.nowMs() + 50, 2 ** 31 - 1);
    this.roundEndTimer = setTimeout(
      () => {
        this.watchRoundEnd();
        this.host.requestUpdate();
      },
      Math.max(delay, 0),
    );
  }

  private async loadMembers(bookId: string): Promise<void> {
    const api = this.services()?.api;
    // Without an API nothing is asked: the next `follow` asks again.
    if (api === undefined) return;
    this.membersFor = bookId;
    try {
      const members = await api.listMembers(bookId);
      if (this.membersFor !== bookId) return;
      this.memberNames = members.map((member) => member.name);
      this.host.requestUpdate();
    } catch (error) {
      // Offline or not allowed: mentions of people who wrote here are still highlighted.
      if (!(error instanceof ApiError)) throw error;
    }
  }

  private isThisChapter(chapter: ChapterRef): boolean {
    return isSameChapter(chapter, this.chapter);
  }
}

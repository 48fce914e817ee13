import type { NotificationView, UserView } from '@wethink/shared/client';
import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { KeyValueStorage } from '../account/account-cache';
import type { ApiClient } from '../api/api-client';
import { createId } from '../book/ids';
import { sendCommentOp } from '../comments/comment-ops';
import { CommentOutbox } from '../comments/comment-outbox';
import type { CommentServices } from '../comments/comments-controller';
import { NotificationsController } from '../comments/notifications-controller';
import { OutboxReplayController } from '../comments/outbox-replay';
import type { CollabSession } from '../collab/collab-session';
import type { ChapterCommenting } from '../views/chapter-comments';
import { threadPath } from './route';

export interface AppCommentsDeps {
  api: ApiClient;
  storage: KeyValueStorage;
  win: Window;
  nowMs: () => number;
  fillRandom: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>;
  getUser: () => UserView | null;
  navigate: (path: string) => void;
  /** Whether a socket that carries notices is live (then the bell needs no polling). */
  hasLiveNotices: () => boolean;
}

/** Ids of new threads and comments: 16 letters and digits (95 bits). */
const RECORD_ID_LENGTH = 16;

/**
 * What comments need across the whole app: one outbox of comment writes (kept while offline,
 * replayed on reconnect, whichever chapter is on screen), and the header's bell of mentions.
 */
export class AppCommentsController implements ReactiveController {
  readonly services: CommentServices;
  private readonly notifications: NotificationsController;
  private readonly replay: OutboxReplayController;
  private userId: string | null = null;
  private commentingMemo: ChapterCommenting | null = null;
  private membersRevision = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: AppCommentsDeps,
  ) {
    const { api, storage, win, nowMs, fillRandom, getUser, hasLiveNotices } = deps;
    const outbox = new CommentOutbox({
      storage,
      nowMs,
      send: (item) => sendCommentOp(api, item.chapter, item.op),
    });
    this.services = { api, outbox, nowMs, newId: () => createId(fillRandom, RECORD_ID_LENGTH) };
    this.replay = new OutboxReplayController(host, { outbox, win, getUserId: () => getUser()?.id ?? null });
    this.notifications = new NotificationsController(host, {
      api,
      win,
      isSignedIn: () => getUser() !== null,
      hasLiveNotices,
    });
    host.addController(this);
  }

  hostUpdate(): void {
    // Signed in (or as someone else): their mentions at once, not at the next poll.
    const userId = this.deps.getUser()?.id ?? null;
    if (userId === this.userId) return;
    this.userId = userId;
    void this.notifications.refresh();
  }

  /** The server said a book's members changed: the comment boxes fetch the names to offer again. */
  membersChanged(): void {
    this.membersRevision += 1;
    this.host.requestUpdate();
  }

  /** The server said this member's notifications changed: the bell refetches at once. */
  notificationsChanged(): void {
    void this.notifications.refresh();
  }

  /** What the chapter view needs for comments; the same object while nothing changed, so it does not re-render. */
  commenting(session: CollabSession | null, requestedThreadId: string | null): ChapterCommenting {
    const user = this.deps.getUser();
    const memo = this.commentingMemo;
    const { membersRevision } = this;
    if (
      memo?.session === session &&
      memo.user === user &&
      memo.requestedThreadId === requestedThreadId &&
      memo.membersRevision === membersRevision
    ) {
      return memo;
    }
    const commenting = { services: this.services, session, user, requestedThreadId, membersRevision };
    this.commentingMemo = commenting;
    return commenting;
  }

  /** The notifications bell of the bar above a signed-in page. */
  renderBell() {
    return html`<notification-bell
      .state=${this.notifications.state}
      @notification-open=${(event: CustomEvent<{ notification: NotificationView }>) => this.open(event.detail.notification)}
      @notifications-read=${(event: CustomEvent<{ ids: number[] }>) => void this.notifications.markRead(event.detail.ids)}
    ></notification-bell>`;
  }

  private open(notification: NotificationView): void {
    void this.notifications.markRead([notification.id]);
    this.deps.navigate(threadPath(notification.bookId, notification.chapterId, notification.threadId));
  }
}

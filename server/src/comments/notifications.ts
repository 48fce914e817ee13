import type { CommentRecord, NotificationView, NotificationsView } from '@wethink/shared';
import type { AccountStore } from '../accounts/account-store';

/** How much of a comment a notification shows. */
const EXCERPT_CHARS = 140;
/** Notifications listed at most (newest first). */
const LIST_LIMIT = 100;

/** Per-user notifications: for now, being mentioned in a comment. */
export class Notifications {
  constructor(private readonly deps: { store: AccountStore; now?: () => number }) {}

  mentioned(
    userIds: readonly string[],
    where: { bookId: string; chapterId: string; comment: CommentRecord; at: number },
  ): void {
    const { comment } = where;
    const excerpt =
      comment.body.length <= EXCERPT_CHARS ? comment.body : `${comment.body.slice(0, EXCERPT_CHARS - 1)}…`;
    this.deps.store.addNotifications(
      userIds.map((userId) => ({
        userId,
        kind: 'mention',
        bookId: where.bookId,
        chapterId: where.chapterId,
        threadId: comment.threadId,
        commentId: comment.id,
        fromUserId: comment.authorId,
        excerpt,
        createdAt: where.at,
      })),
    );
  }

  list(userId: string): NotificationsView {
    const notifications: NotificationView[] = this.deps.store
      .listNotifications(userId, LIST_LIMIT)
      .map(({ userId: _owner, createdAt, readAt, ...rest }) => ({
        ...rest,
        createdAt: new Date(createdAt).toISOString(),
        readAt: readAt === null ? null : new Date(readAt).toISOString(),
      }));
    return { notifications, unread: this.deps.store.countUnreadNotifications(userId) };
  }

  markRead(userId: string, ids: readonly number[]): void {
    this.deps.store.markNotificationsRead(userId, ids, (this.deps.now ?? Date.now)());
  }
}

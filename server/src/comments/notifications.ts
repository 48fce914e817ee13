import type { CommentRecord, NotificationView, NotificationsView } from '@wethink/shared';
import type { NotificationStore } from '../accounts/account-store';

/** How much of a comment a notification shows. */
const EXCERPT_CHARS = 140;
/** Notifications listed at most (newest first). */
const LIST_LIMIT = 100;

/** Per-user notifications: for now, being mentioned in a comment. */
export class Notifications {
  constructor(
    private readonly deps: {
      store: NotificationStore;
      now?: () => number;
      /** Called once these users' stored notifications changed, so their open tabs are told. */
      onChanged?: (userIds: readonly string[]) => void;
    },
  ) {}

  async mentioned(
    userIds: readonly string[],
    where: { bookId: string; chapterId: string; comment: CommentRecord; at: number },
  ): Promise<void> {
    const { comment } = where;
    const excerpt =
      comment.body.length <= EXCERPT_CHARS ? comment.body : `${comment.body.slice(0, EXCERPT_CHARS - 1)}…`;
    await this.deps.store.addNotifications(
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
    this.deps.onChanged?.(userIds);
  }

  async list(userId: string): Promise<NotificationsView> {
    const [listed, unread] = await Promise.all([
      this.deps.store.listNotifications(userId, LIST_LIMIT),
      this.deps.store.countUnreadNotifications(userId),
    ]);
    const notifications: NotificationView[] = listed.map(
      ({ userId: _owner, createdAt, readAt, ...rest }) => ({
        ...rest,
        createdAt: new Date(createdAt).toISOString(),
        readAt: readAt === null ? null : new Date(readAt).toISOString(),
      }),
    );
    return { notifications, unread };
  }

  async markRead(userId: string, ids: readonly number[]): Promise<void> {
    await this.deps.store.markNotificationsRead(userId, ids, (this.deps.now ?? Date.now)());
    // The bell in the member's other tabs and devices drops the count too.
    this.deps.onChanged?.([userId]);
  }
}

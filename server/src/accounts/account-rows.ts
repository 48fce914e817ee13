import type { Role } from '@wethink/shared';
import type {
  BookRecord,
  InviteRecord,
  MemberListing,
  NotificationRecord,
  UserRecord,
} from './account-store';
import type { StoredMemberColor } from './member-color-repair';

// Rows as SQLite and PostgreSQL return them (same snake_case columns) → records. Numbers are read
// with Number(): SQLite gives numbers, PostgreSQL's int8 is parsed to a number by the pool.

export type Row = Record<string, unknown>;

export const toUser = (row: Row): UserRecord => ({
  id: String(row.id),
  email: String(row.email),
  name: String(row.name),
  color: String(row.color),
  passwordHash: String(row.password_hash),
  createdAt: Number(row.created_at),
});

export const toInvite = (row: Row): InviteRecord => ({
  id: String(row.id),
  code: String(row.code),
  bookId: String(row.book_id),
  role: row.role as Role,
  createdBy: String(row.created_by),
  createdAt: Number(row.created_at),
  revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  expiresAt: row.expires_at === null || row.expires_at === undefined ? null : Number(row.expires_at),
  maxUses: row.max_uses === null || row.max_uses === undefined ? null : Number(row.max_uses),
  useCount: Number(row.use_count ?? 0),
});

export const toNotification = (row: Row): NotificationRecord => ({
  id: Number(row.id),
  userId: String(row.user_id),
  kind: 'mention',
  bookId: String(row.book_id),
  chapterId: String(row.chapter_id),
  threadId: String(row.thread_id),
  commentId: String(row.comment_id),
  fromUserId: String(row.from_user_id),
  fromName: String(row.from_name ?? row.from_user_id),
  excerpt: String(row.excerpt),
  createdAt: Number(row.created_at),
  readAt: row.read_at === null ? null : Number(row.read_at),
});

export const toBook = (row: Row): BookRecord => ({
  id: String(row.id),
  title: String(row.title),
  createdAt: Number(row.created_at),
});

export const toBookWithRole = (row: Row): BookRecord & { role: Role } => ({
  ...toBook(row),
  role: row.role as Role,
});

export const toMemberListing = (row: Row): MemberListing => ({
  bookId: String(row.book_id),
  userId: String(row.user_id),
  role: row.role as Role,
  name: String(row.name),
  email: String(row.email),
  color: String(row.color),
});

export const toStoredMemberColor = (row: Row): StoredMemberColor => ({
  bookId: String(row.book_id),
  userId: String(row.user_id),
  role: row.role as Role,
  color: String(row.color),
  accountColor: String(row.account_color),
});

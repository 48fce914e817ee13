import { z } from 'zod';
import { Role } from './roles';

/**
 * The HTTP API's request bodies (validated on the server with these schemas) and response shapes.
 * Routes, all JSON, session in an HttpOnly cookie:
 *   POST /api/auth/sign-up  SignUpRequest → 201 { user }      POST /api/auth/sign-in SignInRequest → { user }
 *   POST /api/auth/sign-out → 204                             GET  /api/me → { user } ({ user: null } signed out)
 *   PATCH /api/me UpdateMeRequest → { user }                  POST /api/me/password ChangePasswordRequest → 204
 *   POST /api/me/sign-out-everywhere → 204 (every session of the account ends, this one too)
 *   GET  /api/books → { books }                               POST /api/books CreateBookRequest → 201 { book }
 *   GET  /api/books/:bookId → { book }                        GET  /api/books/:bookId/members → { members }
 *   PATCH /api/books/:bookId UpdateBookRequest → { book }     (owner, authors: the title)
 *   PUT  /api/books/:bookId/members/:userId UpdateMemberRequest → { member }   (owner)
 *   DELETE /api/books/:bookId/members/:userId → 204           (owner, or yourself to leave)
 *   PUT  /api/books/:bookId/members/:userId/color UpdateMemberColorRequest → { member }  (yourself:
 *        your colour in this book; 409 when too close to another member's, 400 when unreadable)
 *   GET  /api/books/:bookId/invites → { invites }             (owner)
 *   POST /api/books/:bookId/invites CreateInviteRequest → 201 { invite }        (owner)
 *   DELETE /api/books/:bookId/invites/:inviteId → 204         (owner)
 *   GET  /api/invites/:code → { invite: InvitePreview }       POST /api/invites/:code/accept → { book }
 *   POST /api/books/:bookId/connection-token → { token, expiresAt }  (a short-lived WebSocket token)
 * History of a chapter (`…/chapters/:chapterId`; any member reads, owners and authors write):
 *   GET  …/versions → { versions }                            POST …/versions CreateVersionRequest → 201 { version }
 *   GET  …/versions/:versionId → VersionContentView           POST …/versions/:versionId/restore → RestoreView
 *   GET  …/diff?from=<id>&to=<id|now> → DiffView              GET  …/authorship → AuthorshipView
 *   GET  …/contributions?from&to (ISO times; CSV with Accept: text/csv or format=csv) → ContributionStatsView
 *   GET  /api/books/:bookId/contributions?from&to → ContributionStatsView (every chapter)
 *   GET  /api/books/:bookId/credits → CreditsView
 * Errors: { error: { code, message } } with the HTTP status of the matching close code
 * (400, 401, 403, 404, 409, 429).
 */

const email = z
  .email()
  .max(254)
  .transform((value) => value.toLowerCase());
const password = z.string().min(8, 'at least 8 characters').max(256);
const displayName = z.string().trim().min(1).max(80);
const invitableRole = z.enum([Role.author, Role.reviewer, Role.reader]);

export const SignUpRequest = z.object({ email, name: displayName, password });
export type SignUpRequest = z.infer<typeof SignUpRequest>;

export const SignInRequest = z.object({ email, password: z.string().min(1).max(256) });
export type SignInRequest = z.infer<typeof SignInRequest>;

/** A person's own name and colour (`#rrggbb`); at least one of them. */
export const UpdateMeRequest = z
  .object({
    name: displayName.optional(),
    color: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb')
      .transform((value) => value.toLowerCase())
      .optional(),
  })
  .refine((value) => value.name !== undefined || value.color !== undefined, 'a name or a colour');
export type UpdateMeRequest = z.infer<typeof UpdateMeRequest>;

/** A new password, given with the current one; the account's other sessions end. */
export const ChangePasswordRequest = z.object({
  currentPassword: z.string().min(1).max(256),
  newPassword: password,
});
export type ChangePasswordRequest = z.infer<typeof ChangePasswordRequest>;

export const CreateBookRequest = z.object({ title: z.string().trim().min(1).max(200) });
export type CreateBookRequest = z.infer<typeof CreateBookRequest>;

export const UpdateBookRequest = CreateBookRequest;
export type UpdateBookRequest = z.infer<typeof UpdateBookRequest>;

export const UpdateMemberRequest = z.object({
  role: z.enum([Role.owner, Role.author, Role.reviewer, Role.reader]),
});
export type UpdateMemberRequest = z.infer<typeof UpdateMemberRequest>;

/** A member's own colour in one book (`#rrggbb`). */
export const UpdateMemberColorRequest = z.object({
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'a colour as #rrggbb')
    .transform((value) => value.toLowerCase()),
});
export type UpdateMemberColorRequest = z.infer<typeof UpdateMemberColorRequest>;

/** A new invite link: its role, and optionally how long it works and how many may use it. */
export const CreateInviteRequest = z.object({
  role: invitableRole,
  expiresInDays: z.number().int().min(1).max(365).optional(),
  maxUses: z.number().int().min(1).max(1000).optional(),
});
export type CreateInviteRequest = z.infer<typeof CreateInviteRequest>;

export const CreateVersionRequest = z.object({ name: z.string().trim().min(1).max(200) });
export type CreateVersionRequest = z.infer<typeof CreateVersionRequest>;

const versionId = z.coerce.number().int().positive();

export const DiffQuery = z.object({ from: versionId, to: z.union([z.literal('now'), versionId]) });
export type DiffQuery = z.infer<typeof DiffQuery>;

/** A time range of contribution statistics; open ends mean "since the beginning" and "until now". */
export const ContributionQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  format: z.enum(['json', 'csv']).optional(),
});
export type ContributionQuery = z.infer<typeof ContributionQuery>;

export type VersionKind = 'auto' | 'named';

export interface VersionView {
  id: number;
  chapterId: string;
  /** `auto`: taken when editing went quiet or the last writer left; `named`: made by an author. */
  kind: VersionKind;
  name: string | null;
  createdAt: string;
  /** Who made a named version; null for automatic ones. */
  createdBy: string | null;
  /** Stored size of the version (compressed). */
  bytes: number;
}

export interface VersionContentView {
  version: VersionView;
  /** The chapter as ProseMirror JSON of the book schema (`bookSchema.nodeFromJSON` reads it). */
  content: unknown;
  /** Plain text, one line per block. */
  text: string;
}

export type DiffRunKind = 'equal' | 'insert' | 'delete';

/**
 * A stretch of text in a diff. `userId` names who wrote it (equal, insert) or who deleted it
 * (delete); absent when the server cannot tell (text written before attribution existed).
 */
export interface DiffRun {
  kind: DiffRunKind;
  text: string;
  userId?: string;
  /** For a deletion: who had written the deleted text (absent when unknown). */
  writtenBy?: string;
}

export interface DiffView {
  from: number;
  to: number | 'now';
  runs: DiffRun[];
  /** Both sides as ProseMirror JSON of the book schema, so the diff can show their formatting. */
  fromContent: unknown;
  toContent: unknown;
}

export interface AuthorshipView {
  /** The current text of the chapter, in order, each stretch with the user who wrote it. */
  runs: { text: string; userId: string | null }[];
}

export interface WritingSessionView {
  start: string;
  end: string;
  charsInserted: number;
  charsDeleted: number;
  wordsAdded: number;
  wordsRemoved: number;
}

export interface ContributorStatsView {
  userId: string;
  name: string;
  charsInserted: number;
  charsDeleted: number;
  wordsAdded: number;
  wordsRemoved: number;
  /** Words of the current text this user wrote (counted where each word starts). */
  wordsSurviving: number;
  activeDays: number;
  writingSessions: number;
  sessions: WritingSessionView[];
  /** Comments and replies written in the range (deleted ones included: they were written). */
  commentsWritten: number;
  /** Threads this user resolved in the range (a thread resolved, reopened and resolved again counts once). */
  threadsResolved: number;
  /** Suggestions this user made in the range, and how many of them were accepted. */
  suggestionsMade: number;
  suggestionsAccepted: number;
}

export interface ContributionStatsView {
  from: string;
  to: string;
  users: ContributorStatsView[];
}

export interface CreditedAuthor {
  userId: string;
  name: string;
  words: number;
}

export interface CreditsView {
  bookId: string;
  /** Authors of the whole book by surviving words, most first. */
  authors: CreditedAuthor[];
  chapters: { chapterId: string; authors: CreditedAuthor[] }[];
  /**
   * Everyone who wrote comments on the book or whose suggestions were accepted, most accepted
   * suggestions first, then most comments.
   */
  reviewers: { userId: string; name: string; suggestionsAccepted: number }[];
}

/** Characters and words one person inserted and removed. */
export interface ChangeCounts {
  charsInserted: number;
  charsDeleted: number;
  wordsAdded: number;
  wordsRemoved: number;
}

/**
 * `GET /api/books/:bookId/changes?since=<ISO time>`: what changed since then, per chapter with
 * changes, for someone coming back online: their own changes that went in, and everyone else's.
 */
export interface ReturnReportView {
  since: string;
  chapters: {
    chapterId: string;
    mine: ChangeCounts | null;
    others: (ChangeCounts & { userId: string; name: string })[];
  }[];
}

export const ReturnReportQuery = z.object({ since: z.iso.datetime({ offset: true }) });
export type ReturnReportQuery = z.infer<typeof ReturnReportQuery>;

export interface RestoreView {
  restoredFrom: number;
}

export interface UserView {
  id: string;
  email: string;
  name: string;
  /** The colour of this author's cursor and presence, assigned by the server. */
  color: string;
}

export interface BookView {
  id: string;
  title: string;
  /** The caller's role in this book. */
  role: Role;
  createdAt: string;
}

export interface MemberView {
  userId: string;
  name: string;
  /** Shown to the book's owner and to the member themself; null for everyone else. */
  email: string | null;
  color: string;
  role: Role;
}

export interface InviteView {
  id: string;
  bookId: string;
  role: Role;
  /** The secret part of the invite link (`/invite/<code>`); shown to the owner only. */
  code: string;
  createdAt: string;
  revokedAt: string | null;
  /** When the link stops working; null: never. */
  expiresAt: string | null;
  /** How many may join with it; null: any number. */
  maxUses: number | null;
  /** How many have. */
  useCount: number;
}

export interface InvitePreview {
  bookId: string;
  bookTitle: string;
  role: Role;
  /** The name of who made the link (as their account is named now); null when unknown. */
  invitedBy: string | null;
}

export interface ConnectionTokenView {
  token: string;
  expiresAt: string;
}

export interface ApiErrorBody {
  error: { code: string; message: string };
}

/** The identity the server stamps into each awareness state as `user`; clients cannot change it. */
export interface AwarenessIdentity {
  id: string;
  name: string;
  color: string;
  role: Role;
}

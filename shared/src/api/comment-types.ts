import { z } from 'zod';
import { MAX_ENCODED_POSITION_CHARS } from '../comments/anchor';
import { MAX_SUGGESTION_CHARS } from '../comments/suggestions';
import { bookSchema, sanitizeHref } from '../schema/book-schema';
import type { CommentRecord, RoundRecord, ThreadRecord } from '../comments/comments-doc';
import type { SuggestionRecord } from '../comments/suggestions';

/**
 * Comments, review rounds and mentions over HTTP (session cookie). Clients read a chapter's
 * comments live from its comments document (`<book>/<chapter>/comments`, read-only over sync) and
 * write through these routes; the server applies each write to that document itself.
 * Ids of new threads and comments are chosen by the client (so a retried request is harmless):
 * a repeat of a request that already succeeded answers the same record.
 *   (`…` = /api/books/:bookId/chapters/:chapterId)
 *   GET  …/comments → CommentsView
 *   POST …/threads CreateThreadRequest → 201 { thread, comment }
 *   POST …/threads/:threadId/comments ReplyRequest → 201 { comment }
 *   PATCH …/threads/:threadId/comments/:commentId EditCommentRequest → { comment }   (its author)
 *   DELETE …/threads/:threadId/comments/:commentId → { comment }   (its author, or the owner)
 *   POST …/threads/:threadId/resolve → { thread }   POST …/threads/:threadId/reopen → { thread }   (owner, authors)
 *   POST …/rounds OpenRoundRequest → 201 { round }   (owner)
 *   POST …/rounds/:roundId/close → { round }          (owner)
 *   GET  /api/notifications → NotificationsView      POST /api/notifications/read MarkReadRequest → 204
 * Who may comment: owner, authors and reviewers always; readers only while a review round of the
 * chapter is open (their threads and comments carry its id). Errors (ApiErrorBody codes):
 * 400 invalid-request, 403 forbidden / round-closed, 404 not-found, 409 anchor-gone / conflict,
 * 413 payload-too-large.
 */

export { MAX_COMMENT_CHARS, MAX_COMMENTS_PER_THREAD, MAX_THREADS_PER_CHAPTER } from './comment-limits';

const recordId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8-64 letters, digits, _ or -');
const encodedPosition = z.string().min(1).max(MAX_ENCODED_POSITION_CHARS);
/** Plain text; too long is a 413 (checked by the server), not a 400. */
const body = z
  .string()
  .transform((value) => value.trim())
  .pipe(z.string().min(1, 'a comment needs some text'));

export const CreateThreadRequest = z.object({
  id: recordId,
  commentId: recordId,
  anchor: z.object({ start: encodedPosition, end: encodedPosition }),
  body,
});
export type CreateThreadRequest = z.infer<typeof CreateThreadRequest>;

export const ReplyRequest = z.object({ id: recordId, body });
export type ReplyRequest = z.infer<typeof ReplyRequest>;

export const EditCommentRequest = z.object({ body });
export type EditCommentRequest = z.infer<typeof EditCommentRequest>;

export const OpenRoundRequest = z.object({
  title: z.string().trim().min(1).max(200),
  /** The version readers are sent; omitted: the server takes a named version of the chapter now. */
  versionId: z.number().int().positive().optional(),
  endsAt: z.iso.datetime({ offset: true }).optional(),
});
export type OpenRoundRequest = z.infer<typeof OpenRoundRequest>;

export const MarkReadRequest = z.object({ ids: z.array(z.number().int().positive()).max(1000) });
export type MarkReadRequest = z.infer<typeof MarkReadRequest>;

export interface ThreadView extends ThreadRecord {
  /** True when the passage is gone (the thread shows `quote` instead). */
  orphaned: boolean;
}

export interface CommentsView {
  threads: ThreadView[];
  comments: CommentRecord[];
  rounds: RoundRecord[];
}

export interface NotificationView {
  id: number;
  kind: 'mention';
  bookId: string;
  chapterId: string;
  threadId: string;
  commentId: string;
  fromUserId: string;
  fromName: string;
  /** The start of the comment, plain text. */
  excerpt: string;
  createdAt: string;
  readAt: string | null;
}

export interface NotificationsView {
  notifications: NotificationView[];
  unread: number;
}

/**
 * Suggestions (see comments/suggestions.ts):
 *   POST …/suggestions CreateSuggestionRequest → 201 { suggestion }   (whoever may comment now)
 *   POST …/suggestions/:suggestionId/accept → { suggestion }   (owner, authors; not their own)
 *   POST …/suggestions/:suggestionId/reject → { suggestion }   (owner, authors; the suggester may withdraw)
 *   POST …/suggestions/accept-all[?by=<userId>] → BulkDecisionView   (owner, authors)
 *   POST …/suggestions/reject-all[?by=<userId>] → BulkDecisionView   (owner, authors)
 *   POST …/suggestions/:suggestionId/comments ReplyRequest → 201 { comment }
 *     (the suggester, owner and authors; readers only while a round is open, like comments)
 * Errors: 403 forbidden / round-closed, 404 not-found, 409 anchor-gone (the passage is gone: the
 * suggestion stays open) / conflict (already decided: "already accepted" to a second decider),
 * 413 payload-too-large; 400 for a mark the book schema does not have.
 */
export const CreateSuggestionRequest = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('insert'),
    id: recordId,
    at: encodedPosition,
    text: z.string().min(1).max(MAX_SUGGESTION_CHARS),
  }),
  z.object({
    kind: z.literal('delete'),
    id: recordId,
    anchor: z.object({ start: encodedPosition, end: encodedPosition }),
  }),
  z.object({
    kind: z.literal('format'),
    id: recordId,
    anchor: z.object({ start: encodedPosition, end: encodedPosition }),
    format: suggestedFormat(),
  }),
]);
export type CreateSuggestionRequest = z.infer<typeof CreateSuggestionRequest>;

/**
 * A mark of the book schema, checked against the schema itself (so a mark added there is
 * suggestible at once); a link needs an address the editor would keep (`sanitizeHref`).
 */
function suggestedFormat() {
  return z
    .object({
      mark: z.string().refine((name) => name in bookSchema.marks, {
        error: (issue) =>
          `unknown mark ${JSON.stringify(issue.input)} (the book has ${Object.keys(bookSchema.marks).join(', ')})`,
      }),
      action: z.enum(['add', 'remove']),
      attrs: z
        .object({ href: z.string().max(2048) })
        .strict()
        .nullable()
        .default(null),
    })
    .superRefine((format, context) => {
      const needsHref = format.mark === 'link' && format.action === 'add';
      if (needsHref && sanitizeHref(format.attrs?.href) === null) {
        context.addIssue({ code: 'custom', path: ['attrs', 'href'], message: 'a link needs a safe address' });
      }
      if (!needsHref && format.attrs !== null) {
        context.addIssue({ code: 'custom', path: ['attrs'], message: `${format.mark} takes no attributes` });
      }
    });
}

/** `accept-all` / `reject-all`'s query: only one suggester's suggestions. */
export const BulkDecisionQuery = z.object({ by: z.string().min(1).max(128).optional() }).strict();
export type BulkDecisionQuery = z.infer<typeof BulkDecisionQuery>;

/** What `accept-all` / `reject-all` did with each open suggestion it took up, in document order. */
export interface BulkDecisionView {
  decision: 'accept' | 'reject';
  /** Decided now, in the order applied. */
  decided: string[];
  /** Left open: the passage is gone (accepting only). */
  anchorGone: string[];
  /** Left open: the decider's own suggestions (nobody accepts their own). */
  skipped: string[];
  results: { id: string; outcome: 'accepted' | 'rejected' | 'anchor-gone' | 'skipped-own' }[];
}

/** `POST …/chapters/:chapterId/public/join`: a signed-in user with a round's public link joins as a reader (204). */
export const JoinPublicDraftRequest = z.object({ code: z.string().min(1).max(64) });
export type JoinPublicDraftRequest = z.infer<typeof JoinPublicDraftRequest>;

/**
 * `GET /api/books/:bookId/because-of-me?from=&to=&round=`: what changed in the whole book because
 * of the caller: their suggestions accepted and the threads they opened that were resolved,
 * decided in `[from, to)` (either open-ended) and, with `round`, only those made in review rounds
 * of that title. Chapters with nothing are left out. Any member may ask, for themselves only.
 */
export const BecauseOfYouQuery = z
  .object({
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    round: z.string().trim().min(1).max(200).optional(),
  })
  .strict();
export type BecauseOfYouQuery = z.infer<typeof BecauseOfYouQuery>;

export interface BecauseOfYouView {
  from: string | null;
  to: string | null;
  round: string | null;
  chapters: { chapterId: string; accepted: SuggestionRecord[]; resolvedThreads: ThreadRecord[] }[];
  totals: { accepted: number; resolvedThreads: number };
}

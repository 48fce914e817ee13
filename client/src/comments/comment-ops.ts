import type {
  CommentAnchor,
  CommentRecord,
  CreateSuggestionRequest,
  SuggestionRecord,
  ThreadRecord,
} from '@wethink/shared/client';
import type { ApiClient, ChapterRef } from '../api/api-client';

/**
 * A comment write as the outbox keeps it until the server has it. Ids of new threads and comments
 * are chosen here, so sending one twice (a retry after a lost answer) is harmless: the server
 * answers a repeat with the record it already made.
 */
export type CommentOp =
  | {
      kind: 'create-thread';
      threadId: string;
      commentId: string;
      anchor: CommentAnchor;
      body: string;
      /** The passage as the writer saw it: shown while the thread is still being sent. */
      quote: string;
    }
  | { kind: 'reply'; threadId: string; commentId: string; body: string }
  | { kind: 'edit'; threadId: string; commentId: string; body: string }
  | { kind: 'delete'; threadId: string; commentId: string }
  | { kind: 'resolve'; threadId: string }
  | { kind: 'reopen'; threadId: string }
  /**
   * A suggestion made in Suggest mode: queued like comments so one made offline goes out on
   * reconnect. Its anchor is Yjs relative positions, so the server places it against the text
   * as it is when it arrives; a passage gone by then is refused (anchor-gone) and shown.
   */
  | { kind: 'suggest'; request: CreateSuggestionRequest; quote: string };

export type CommentOpKind = CommentOp['kind'];

/** What the server answered: the records the write made or changed. */
export interface DeliveredRecords {
  thread?: ThreadRecord;
  comment?: CommentRecord;
  suggestion?: SuggestionRecord;
}

/** Sends one write through the API; rejects with the client's `ApiError`. */
export async function sendCommentOp(
  api: ApiClient,
  chapter: ChapterRef,
  op: CommentOp,
): Promise<DeliveredRecords> {
  switch (op.kind) {
    case 'create-thread':
      return api.createThread(chapter, {
        id: op.threadId,
        commentId: op.commentId,
        anchor: op.anchor,
        body: op.body,
      });
    case 'reply':
      return { comment: await api.reply(chapter, op.threadId, { id: op.commentId, body: op.body }) };
    case 'edit':
      return { comment: await api.editComment(chapter, op, op.body) };
    case 'delete':
      return { comment: await api.deleteComment(chapter, op) };
    case 'resolve':
      return { thread: await api.resolveThread(chapter, op.threadId) };
    case 'reopen':
      return { thread: await api.reopenThread(chapter, op.threadId) };
    case 'suggest':
      return { suggestion: await api.createSuggestion(chapter, op.request) };
  }
}

/** The record a write brings into being (a thread or a comment), if any: later writes may refer to it. */
export function createdIdOf(op: CommentOp): string | null {
  if (op.kind === 'create-thread') return op.threadId;
  if (op.kind === 'reply') return op.commentId;
  if (op.kind === 'suggest') return op.request.id;
  return null;
}

/** Whether `op` refers to the record `id` (its thread, or its comment). */
export function refersTo(op: CommentOp, id: string): boolean {
  if (op.kind === 'suggest') return op.request.id === id;
  return op.threadId === id || ('commentId' in op && op.commentId === id);
}

/** How the panel names a write that failed ("Your reply was not sent: …"). */
export function describeOp(op: CommentOp): string {
  switch (op.kind) {
    case 'create-thread':
      return 'Your comment';
    case 'reply':
      return 'Your reply';
    case 'edit':
      return 'Your edit';
    case 'delete':
      return 'Deleting your comment';
    case 'resolve':
      return 'Resolving the thread';
    case 'reopen':
      return 'Reopening the thread';
    case 'suggest':
      return 'Your suggestion';
  }
}

import type { CreateSuggestionRequest } from '@wethink/shared/client';
import type { ChapterRef } from '../api/api-client';
import type { SuggestionCreateDetail } from '../editor/suggestion-events';
import type { CommentOp } from './comment-ops';
import type { OutboxRefusal } from './comment-outbox';

/**
 * Suggestions in the comments outbox: the write a suggestion made in the editor becomes, and
 * which refusals are one user's suggestions on one chapter, with what to tell them.
 */

/** The outbox write for a suggestion the editor captured, under the new id `id`. */
export function suggestOpOf(
  detail: SuggestionCreateDetail,
  id: string,
): Extract<CommentOp, { kind: 'suggest' }> {
  const request: CreateSuggestionRequest =
    detail.kind === 'insert'
      ? { kind: 'insert', id, at: detail.at, text: detail.text }
      : detail.kind === 'delete'
        ? { kind: 'delete', id, anchor: detail.anchor }
        : { kind: 'format', id, anchor: detail.anchor, format: detail.format };
  return { kind: 'suggest', request, quote: detail.kind === 'insert' ? detail.text : detail.quote };
}

/** `userId`'s refused suggestions on `chapter`, oldest first. */
export function suggestionRefusals(
  refusals: readonly OutboxRefusal[],
  who: { userId: string | null; chapter: ChapterRef },
): OutboxRefusal[] {
  return refusals.filter(
    ({ item }) =>
      item.op.kind === 'suggest' &&
      item.userId === who.userId &&
      item.chapter.bookId === who.chapter.bookId &&
      item.chapter.chapterId === who.chapter.chapterId,
  );
}

/** What the suggester reads about a refusal: a vanished passage in words, else the server's reason. */
export function refusalMessage(refusal: OutboxRefusal): string {
  return refusal.code === 'anchor-gone'
    ? 'Your suggestion was not sent: the passage it was about changed or is gone.'
    : refusal.message;
}

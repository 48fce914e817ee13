import * as Y from 'yjs';
import {
  AppError,
  MAX_SUGGESTIONS_PER_CHAPTER,
  anchoredText,
  chapterFragment,
  decodeAnchor,
  quoteOf,
  roundsOf,
  suggestionsOf,
  type CreateSuggestionRequest,
  type SuggestionRecord,
} from '@wethink/shared';
import { assertMayResolve, commentingRound } from './comment-rules';
import { COMMENTS_PRINCIPAL, type CommentsService } from './comments-service';

export type SuggestionDecision = 'accept' | 'reject';

/**
 * Suggested changes (shared/src/comments/suggestions.ts). Whoever may comment may suggest; the
 * record goes into the chapter's comments document, never into the chapter. Accepting applies
 * the change to the chapter as the suggester's own writing (the history credits them for the
 * words), through the chapter's room like any write; the record keeps who accepted and when.
 */
export class SuggestionsService {
  constructor(private readonly deps: { comments: CommentsService; now?: () => number }) {}

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  async create(
    userId: string,
    bookId: string,
    chapterId: string,
    request: CreateSuggestionRequest,
  ): Promise<SuggestionRecord> {
    const { comments } = this.deps;
    const { chapter, member } = await comments.scope(userId, bookId, chapterId);
    if (request.kind === 'insert' && /[\n\r]/.test(request.text)) {
      throw new AppError('invalid-request', 'a suggestion inserts text within one paragraph');
    }
    const anchor = request.kind === 'insert' ? { start: request.at, end: request.at } : request.anchor;
    const positions = decodeAnchor(anchor);
    return comments.withRooms(chapter, async (chapterRoom, commentsRoom) => {
      const doc = commentsRoom.doc;
      const existing = suggestionsOf(doc).get(request.id);
      if (existing) {
        if (existing.suggestedBy === userId && existing.kind === request.kind) return existing;
        throw new AppError('conflict', `suggestion ${request.id} exists`);
      }
      const roundId = commentingRound(member.role, roundsOf(doc).values(), this.now());
      if (suggestionsOf(doc).size >= MAX_SUGGESTIONS_PER_CHAPTER) {
        throw new AppError(
          'payload-too-large',
          `a chapter holds at most ${MAX_SUGGESTIONS_PER_CHAPTER} suggestions`,
        );
      }
      const text =
        request.kind === 'insert'
          ? (paragraphAt(chapterRoom.doc, positions.start), request.text)
          : deletedPassage(chapterRoom.doc, positions);
      const record: SuggestionRecord = {
        id: request.id,
        kind: request.kind,
        anchor,
        text,
        suggestedBy: userId,
        suggesterName: member.name,
        createdAt: new Date(this.now()).toISOString(),
        roundId,
        status: 'open',
        decidedBy: null,
        decidedAt: null,
      };
      await commentsRoom.changeAs(COMMENTS_PRINCIPAL, 'comment', (target) =>
        suggestionsOf(target).set(record.id, record),
      );
      return record;
    });
  }

  /**
   * Accepts (owner, authors; never one's own) or rejects (owner, authors, or the suggester
   * withdrawing it). Accepting a suggestion whose passage is gone answers 409 anchor-gone and
   * leaves it open: nothing is lost, it can still be rejected. A repeat of the same decision
   * answers the record as it is.
   */
  async decide(
    userId: string,
    bookId: string,
    chapterId: string,
    suggestionId: string,
    decision: SuggestionDecision,
  ): Promise<SuggestionRecord> {
    const { comments } = this.deps;
    const { chapter, member } = await comments.scope(userId, bookId, chapterId);
    return comments.withRooms(chapter, async (chapterRoom, commentsRoom) => {
      const current = suggestionsOf(commentsRoom.doc).get(suggestionId);
      if (!current) throw new AppError('not-found', `no suggestion ${suggestionId}`);
      const status = decision === 'accept' ? 'accepted' : 'rejected';
      if (current.status === status) return current;
      if (current.status !== 'open') throw new AppError('conflict', `this suggestion was ${current.status}`);
      if (decision === 'accept') {
        assertMayResolve(member.role);
        if (current.suggestedBy === userId) {
          throw new AppError('forbidden', 'a suggestion is accepted by someone else than its suggester');
        }
        await chapterRoom.changeAs(`user:${current.suggestedBy}`, 'suggestion', (target) =>
          applySuggestion(target, current),
        );
      } else if (current.suggestedBy !== userId) {
        assertMayResolve(member.role);
      }
      const decided: SuggestionRecord = {
        ...current,
        status,
        decidedBy: userId,
        decidedAt: new Date(this.now()).toISOString(),
      };
      await commentsRoom.changeAs(COMMENTS_PRINCIPAL, 'comment', (target) =>
        suggestionsOf(target).set(decided.id, decided),
      );
      return decided;
    });
  }
}

/** The paragraph text a position points into, or `anchor-gone`. */
function paragraphAt(doc: Y.Doc, position: Y.RelativePosition): { text: Y.XmlText; index: number } {
  const absolute = Y.createAbsolutePositionFromRelativePosition(position, doc);
  if (!absolute || !(absolute.type instanceof Y.XmlText) || !isInDocument(absolute.type)) {
    throw new AppError('anchor-gone', 'the suggested place no longer exists');
  }
  return { text: absolute.type, index: absolute.index };
}

/** Whether a type and every type around it are still in the document (none deleted). */
function isInDocument(type: { _item: Y.Item | null }): boolean {
  for (let item = type._item; item; item = (item.parent as { _item: Y.Item | null })._item) {
    if (item.deleted) return false;
  }
  return true;
}

/** A deletion's passage, within one paragraph, as it reads now; `anchor-gone` when it is empty. */
function deletedPassage(doc: Y.Doc, positions: ReturnType<typeof decodeAnchor>): string {
  const start = paragraphAt(doc, positions.start);
  const end = paragraphAt(doc, positions.end);
  if (start.text !== end.text) {
    throw new AppError('invalid-request', 'a suggested deletion stays within one paragraph');
  }
  const text = anchoredText(chapterFragment(doc), positions);
  if (text === '') throw new AppError('anchor-gone', 'the passage to delete no longer exists');
  return quoteOf(text);
}

/** Makes the suggested change in `doc` (the room's shadow of the chapter). */
function applySuggestion(doc: Y.Doc, suggestion: SuggestionRecord): void {
  const positions = decodeAnchor(suggestion.anchor);
  const start = paragraphAt(doc, positions.start);
  if (suggestion.kind === 'insert') {
    start.text.insert(start.index, suggestion.text);
    return;
  }
  const end = paragraphAt(doc, positions.end);
  if (end.text !== start.text || end.index <= start.index) {
    throw new AppError('anchor-gone', 'the passage to delete no longer exists');
  }
  start.text.delete(start.index, end.index - start.index);
}

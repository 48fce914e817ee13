import {
  AppError,
  MAX_SUGGESTIONS_PER_CHAPTER,
  decodeAnchor,
  roundsOf,
  suggestionsOf,
  type BulkDecisionView,
  type CreateSuggestionRequest,
  type SuggestionRecord,
} from '@wethink/shared';
import type { Room } from '../sync/room';
import { assertMayResolve, commentingRound } from './comment-rules';
import { COMMENTS_PRINCIPAL, type CommentsService } from './comments-service';
import { localDecisionGate, type DecisionGate } from './decision-gate';
import { anchoredPassage, applySuggestion, documentOrderOf, paragraphAt } from './suggestion-apply';

export type SuggestionDecision = 'accept' | 'reject';

const STATUS_OF = { accept: 'accepted', reject: 'rejected' } as const;

/**
 * Suggested changes (shared/src/comments/suggestions.ts). Whoever may comment may suggest; the
 * record goes into the chapter's comments document, never into the chapter. Accepting applies
 * the change to the chapter as the suggester's own writing (the history credits them for the
 * words), through the chapter's room like any write; the record keeps who accepted and when.
 *
 * Every decision runs inside `withRooms`, one at a time per comments room: the status is read
 * and written in one turn, so of two writers accepting at once the second finds it decided.
 */
export class SuggestionsService {
  constructor(
    private readonly deps: {
      comments: CommentsService;
      /** Several instances: decisions exclusive across them (decision-gate.ts). */
      gate?: DecisionGate;
      now?: () => number;
    },
  ) {}

  private get gate(): DecisionGate {
    return this.deps.gate ?? localDecisionGate;
  }

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
          : anchoredPassage(chapterRoom.doc, positions);
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
        ...(request.kind === 'format' ? { format: request.format } : {}),
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
   * leaves it open: nothing is lost, it can still be rejected. The same decider repeating their
   * decision (a retried request) gets the record as it is; anyone else finds it decided (409).
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
    return this.gate.run(chapter, (stored) =>
      comments.withRooms(chapter, async (chapterRoom, commentsRoom) => {
        const local = suggestionsOf(commentsRoom.doc).get(suggestionId);
        const current = (await stored())?.get(suggestionId) ?? local;
        if (!current) throw new AppError('not-found', `no suggestion ${suggestionId}`);
        if (current.status === STATUS_OF[decision] && current.decidedBy === userId) return current;
        if (current.status !== 'open') throw new AppError('conflict', `already ${current.status}`);
        assertReplicated(local, current);
        if (decision === 'accept') {
          assertMayResolve(member.role);
          if (current.suggestedBy === userId) {
            throw new AppError('forbidden', 'a suggestion is accepted by someone else than its suggester');
          }
        } else if (current.suggestedBy !== userId) {
          assertMayResolve(member.role);
        }
        return this.settle(chapterRoom, commentsRoom, current, decision, userId);
      }),
    );
  }

  /**
   * Accepts or rejects every open suggestion of the chapter (or of one suggester, `by`), in
   * document order, each applied as its own suggester. Owners and authors only. A suggestion
   * whose passage is gone, or the decider's own (when accepting), stays open and is reported.
   */
  async decideAll(
    userId: string,
    bookId: string,
    chapterId: string,
    decision: SuggestionDecision,
    by: string | null,
  ): Promise<BulkDecisionView> {
    const { comments } = this.deps;
    const { chapter, member } = await comments.scope(userId, bookId, chapterId);
    assertMayResolve(member.role);
    return this.gate.run(chapter, (stored) =>
      comments.withRooms(chapter, async (chapterRoom, commentsRoom) => {
        const view: BulkDecisionView = { decision, decided: [], anchorGone: [], skipped: [], results: [] };
        const orderOf = documentOrderOf(chapterRoom.doc);
        const local = suggestionsOf(commentsRoom.doc);
        const records = (await stored()) ?? local;
        // Only what this instance's replica holds as the log does (see assertReplicated).
        const open = [...records.values()]
          .filter((s) => s.status === 'open' && local.get(s.id)?.status === 'open')
          .filter((s) => by === null || s.suggestedBy === by)
          .map((suggestion) => ({ suggestion, at: orderOf(suggestion) ?? Number.POSITIVE_INFINITY }))
          .sort((a, b) => a.at - b.at || a.suggestion.createdAt.localeCompare(b.suggestion.createdAt))
          .map(({ suggestion }) => suggestion);
        for (const suggestion of open) {
          const id = suggestion.id;
          if (decision === 'accept' && suggestion.suggestedBy === userId) {
            view.skipped.push(id);
            view.results.push({ id, outcome: 'skipped-own' });
            continue;
          }
          try {
            await this.settle(chapterRoom, commentsRoom, suggestion, decision, userId);
          } catch (error) {
            if (!(error instanceof AppError) || error.code !== 'anchor-gone') throw error;
            view.anchorGone.push(id);
            view.results.push({ id, outcome: 'anchor-gone' });
            continue;
          }
          view.decided.push(id);
          view.results.push({ id, outcome: STATUS_OF[decision] });
        }
        return view;
      }),
    );
  }

  /** Applies an accepted suggestion as its suggester, then records the decision. */
  private async settle(
    chapterRoom: Room,
    commentsRoom: Room,
    current: SuggestionRecord,
    decision: SuggestionDecision,
    userId: string,
  ): Promise<SuggestionRecord> {
    if (decision === 'accept') {
      await chapterRoom.changeAs(`user:${current.suggestedBy}`, 'suggestion', (target) =>
        applySuggestion(target, current),
      );
    }
    const decided: SuggestionRecord = {
      ...current,
      status: STATUS_OF[decision],
      decidedBy: userId,
      decidedAt: new Date(this.now()).toISOString(),
    };
    await commentsRoom.changeAs(COMMENTS_PRINCIPAL, 'comment', (target) =>
      suggestionsOf(target).set(decided.id, decided),
    );
    return decided;
  }
}

/**
 * With several instances, the decided record is written into this instance's replica of the
 * comments document; if the replica has not yet received the record's creation from the instance
 * that made it, the two writes of one key would be concurrent and Yjs could keep the older
 * ("open") one. So a suggestion is decided here only once the replica holds it as the log does.
 */
function assertReplicated(local: SuggestionRecord | undefined, stored: SuggestionRecord): void {
  if (local?.status !== stored.status) {
    throw new AppError('conflict', 'this suggestion is still reaching this server; try again in a moment');
  }
}

import {
  docKindOf,
  roundsOf,
  suggestionsOf,
  threadsOf,
  type BecauseOfYouQuery,
  type BecauseOfYouView,
  type DocName,
} from '@wethink/shared';
import type { CommentsService } from './comments-service';

/**
 * "What changed because of you", book-wide: for one member, their accepted suggestions and their
 * resolved threads in every chapter's comments document, within a time range or a review round.
 * Reads only; each chapter's comments room is held for the read and released.
 */
export class BecauseOfYou {
  constructor(
    private readonly deps: {
      comments: CommentsService;
      /** The book's documents that hold anything (chapters among them). */
      listDocuments: (bookId: string) => Promise<DocName[]>;
    },
  ) {}

  async of(userId: string, bookId: string, query: BecauseOfYouQuery): Promise<BecauseOfYouView> {
    const fromMs = query.from === undefined ? Number.NEGATIVE_INFINITY : Date.parse(query.from);
    const toMs = query.to === undefined ? Number.POSITIVE_INFINITY : Date.parse(query.to);
    const inRange = (iso: string | null) =>
      iso !== null && Date.parse(iso) >= fromMs && Date.parse(iso) < toMs;
    const view: BecauseOfYouView = {
      from: query.from ?? null,
      to: query.to ?? null,
      round: query.round ?? null,
      chapters: [],
      totals: { accepted: 0, resolvedThreads: 0 },
    };
    const chapters = (await this.deps.listDocuments(bookId)).filter((name) => docKindOf(name) === 'chapter');
    for (const name of chapters) {
      const chapterId = name.slice(bookId.length + 1);
      // Checks membership (404 for anyone else) before anything is read.
      const { chapter } = await this.deps.comments.scope(userId, bookId, chapterId);
      const found = await this.deps.comments.withComments(chapter, ({ doc }) => {
        const rounds =
          query.round === undefined
            ? null
            : new Set([...roundsOf(doc).values()].filter((r) => r.title === query.round).map((r) => r.id));
        const inRound = (roundId: string | null) =>
          rounds === null || (roundId !== null && rounds.has(roundId));
        return {
          accepted: [...suggestionsOf(doc).values()].filter(
            (s) =>
              s.suggestedBy === userId &&
              s.status === 'accepted' &&
              inRange(s.decidedAt) &&
              inRound(s.roundId),
          ),
          resolvedThreads: [...threadsOf(doc).values()].filter(
            (t) =>
              t.createdBy === userId &&
              t.status === 'resolved' &&
              inRange(t.resolvedAt) &&
              inRound(t.roundId),
          ),
        };
      });
      if (found.accepted.length === 0 && found.resolvedThreads.length === 0) continue;
      found.accepted.sort((a, b) => (a.decidedAt ?? '').localeCompare(b.decidedAt ?? ''));
      found.resolvedThreads.sort((a, b) => (a.resolvedAt ?? '').localeCompare(b.resolvedAt ?? ''));
      view.chapters.push({ chapterId, ...found });
      view.totals.accepted += found.accepted.length;
      view.totals.resolvedThreads += found.resolvedThreads.length;
    }
    return view;
  }
}

import type { FastifyInstance } from 'fastify';
import { BecauseOfYouQuery, BulkDecisionQuery, CreateSuggestionRequest, ReplyRequest } from '@wethink/shared';
import type { AccountService } from '../accounts/account-service';
import type { BecauseOfYou } from '../comments/because-of-you';
import type { CommentsService } from '../comments/comments-service';
import type { SuggestionsService } from '../comments/suggestions-service';
import { perUserLimit, sessionUser } from './session-user';
import { parse } from './validate';

type ChapterParams = { Params: { bookId: string; chapterId: string } };
type SuggestionParams = { Params: { bookId: string; chapterId: string; suggestionId: string } };

const CHAPTER = '/api/books/:bookId/chapters/:chapterId';

/** Suggestion routes (see shared/src/api/comment-types.ts); writes capped like comment writes. */
export function registerSuggestionRoutes(
  app: FastifyInstance,
  deps: {
    accounts: AccountService;
    comments: CommentsService;
    suggestions: SuggestionsService;
    becauseOfYou: BecauseOfYou;
    writesPerMinute: number;
  },
): void {
  const limited = perUserLimit(deps.writesPerMinute);
  const userOf = sessionUser(deps.accounts);

  app.post<ChapterParams>(`${CHAPTER}/suggestions`, limited, async (request, reply) => {
    const { bookId, chapterId } = request.params;
    const suggestion = await deps.suggestions.create(
      await userOf(request),
      bookId,
      chapterId,
      parse(CreateSuggestionRequest, request.body),
    );
    return reply.code(201).send({ suggestion });
  });

  for (const decision of ['accept', 'reject'] as const) {
    app.post<SuggestionParams>(
      `${CHAPTER}/suggestions/:suggestionId/${decision}`,
      limited,
      async (request) => {
        const { bookId, chapterId, suggestionId } = request.params;
        const suggestion = await deps.suggestions.decide(
          await userOf(request),
          bookId,
          chapterId,
          suggestionId,
          decision,
        );
        return { suggestion };
      },
    );
    app.post<ChapterParams>(`${CHAPTER}/suggestions/${decision}-all`, limited, async (request) => {
      const { bookId, chapterId } = request.params;
      const { by } = parse(BulkDecisionQuery, request.query);
      return deps.suggestions.decideAll(await userOf(request), bookId, chapterId, decision, by ?? null);
    });
  }

  app.get<{ Params: { bookId: string } }>('/api/books/:bookId/because-of-me', async (request) => {
    const user = await userOf(request);
    // Membership first: a stranger gets 404 even for a book with no chapters yet.
    await deps.accounts.getBook(user, request.params.bookId);
    return deps.becauseOfYou.of(user, request.params.bookId, parse(BecauseOfYouQuery, request.query));
  });

  // A suggestion's thread is the comments thread whose id is the suggestion's: the same
  // records, rules, limits and edit/delete routes as any comment (comments-service.ts).
  app.post<SuggestionParams>(
    `${CHAPTER}/suggestions/:suggestionId/comments`,
    limited,
    async (request, reply) => {
      const { bookId, chapterId, suggestionId } = request.params;
      const comment = await deps.comments.reply(
        await userOf(request),
        bookId,
        chapterId,
        suggestionId,
        parse(ReplyRequest, request.body),
      );
      return reply.code(201).send({ comment });
    },
  );
}

import type { FastifyInstance } from 'fastify';
import type { AccountService } from '../accounts/account-service';
import type { PublicDrafts } from '../comments/public-drafts';
import { JoinPublicDraftRequest } from '@wethink/shared';
import { sessionUser } from './session-user';
import { parse } from './validate';

type RoundParams = { Params: { bookId: string; chapterId: string; roundId: string } };

const ROUND = '/api/books/:bookId/chapters/:chapterId/rounds/:roundId/public';

/**
 * `POST …/rounds/:roundId/public` gives an open round a public link (the owner's; answers the
 * round with its `publicCode`), `DELETE` withdraws it and closes the connections it let in.
 */
export function registerPublicDraftRoutes(
  app: FastifyInstance,
  deps: { accounts: AccountService; publicDrafts: PublicDrafts },
): void {
  const userOf = sessionUser(deps.accounts);
  for (const [method, isPublic] of [
    ['POST', true],
    ['DELETE', false],
  ] as const) {
    app.route<RoundParams>({
      method,
      url: ROUND,
      handler: async (request) => {
        const { bookId, chapterId, roundId } = request.params;
        const round = await deps.publicDrafts.setPublic(
          await userOf(request),
          bookId,
          chapterId,
          roundId,
          isPublic,
        );
        return { round };
      },
    });
  }

  // The owner blocks a reader: removed from the book, and refused when joining through a link again.
  app.put<{ Params: { bookId: string; userId: string } }>(
    '/api/books/:bookId/blocked-readers/:userId',
    async (request, reply) => {
      const ownerId = await userOf(request);
      await deps.publicDrafts.block(ownerId, request.params.bookId, request.params.userId);
      return reply.code(204).send();
    },
  );

  // A signed-in reader with the link joins the book as a reader of it (to comment and suggest).
  app.post<{ Params: { bookId: string; chapterId: string }; Body: unknown }>(
    '/api/books/:bookId/chapters/:chapterId/public/join',
    { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const userId = await userOf(request); // signed out: 401 before anything else
      const { code } = parse(JoinPublicDraftRequest, request.body);
      const { bookId, chapterId } = request.params;
      await deps.publicDrafts.join(userId, bookId, chapterId, code);
      return reply.code(204).send();
    },
  );
}

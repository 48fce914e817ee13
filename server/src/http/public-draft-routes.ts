import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AccountService } from '../accounts/account-service';
import type { PublicDrafts } from '../comments/public-drafts';
import { SESSION_COOKIE } from './session-cookie';

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
  const userOf = async (request: FastifyRequest): Promise<string> =>
    (await deps.accounts.userForSession(request.cookies[SESSION_COOKIE])).id;
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
}

import type { FastifyInstance } from 'fastify';
import type { AccountService } from '../accounts/account-service';
import type { ChapterPurge } from '../structure/chapter-purge';
import { sessionUser } from './session-user';

type TrashParams = { Params: { bookId: string; chapterId: string } };

/**
 * Book structure over HTTP. Reordering, parts, renaming, trashing and restoring are changes to the
 * book's index document, made live over sync by owners and authors (other roles' updates are
 * dropped); purging deletes stored documents, so it is a request the server checks: owner only.
 */
export function registerStructureRoutes(
  app: FastifyInstance,
  deps: { accounts: AccountService; purge: ChapterPurge },
): void {
  const userOf = sessionUser(deps.accounts);

  app.delete<TrashParams>('/api/books/:bookId/trash/:chapterId', async (request, reply) => {
    const { bookId, chapterId } = request.params;
    await deps.purge.purge(await userOf(request), bookId, chapterId);
    return reply.code(204).send();
  });
}

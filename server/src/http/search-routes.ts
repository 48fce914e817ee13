import type { FastifyInstance } from 'fastify';
import { AppError } from '@wethink/shared';
import type { AccountService } from '../accounts/account-service';
import type { SearchService } from '../search/search-service';
import { sessionUser } from './session-user';

type SearchRequest = { Params: { bookId: string }; Querystring: { q?: unknown } };

/** `GET /api/books/:bookId/search?q=…` (SearchView); 400 for an empty or overlong query, 404 for non-members. */
export function registerSearchRoutes(
  app: FastifyInstance,
  deps: { accounts: AccountService; search: SearchService },
): void {
  const userOf = sessionUser(deps.accounts);

  app.get<SearchRequest>('/api/books/:bookId/search', async (request) => {
    const userId = await userOf(request);
    const { q } = request.query;
    if (typeof q !== 'string') throw new AppError('invalid-request', 'give the words to search for as ?q=');
    return deps.search.search(userId, request.params.bookId, q);
  });
}

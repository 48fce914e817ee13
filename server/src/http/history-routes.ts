import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  AppError,
  ContributionQuery,
  ReturnReportQuery,
  CreateVersionRequest,
  DiffQuery,
  type ContributionStatsView,
} from '@wethink/shared';
import type { AccountService } from '../accounts/account-service';
import { contributionsCsv } from '../history/contribution-stats';
import type { HistoryService } from '../history/history-service';
import { sessionUser } from './session-user';
import { parse } from './validate';

type ChapterParams = { Params: { bookId: string; chapterId: string } };
type VersionParams = { Params: { bookId: string; chapterId: string; versionId: string } };
type BookParams = { Params: { bookId: string } };

const CHAPTER = '/api/books/:bookId/chapters/:chapterId';

function versionIdOf(raw: string): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id <= 0) throw new AppError('not-found', `no version ${raw}`);
  return id;
}

/** Contribution statistics as JSON, or CSV when asked by `Accept: text/csv` or `?format=csv`. */
function sendStats(
  request: FastifyRequest,
  reply: FastifyReply,
  format: string | undefined,
  stats: ContributionStatsView,
) {
  const wantsCsv =
    format === 'csv' || (format === undefined && /\btext\/csv\b/.test(request.headers.accept ?? ''));
  if (!wantsCsv) return reply.send(stats);
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', 'attachment; filename="contributions.csv"')
    .send(contributionsCsv(stats.users));
}

/** History routes (see api-types.ts): versions, diff, restore, authorship, contributions, credits. */
export function registerHistoryRoutes(
  app: FastifyInstance,
  deps: { accounts: AccountService; history: HistoryService; now?: () => number },
): void {
  const { history } = deps;
  const userOf = sessionUser(deps.accounts);
  const rangeOf = (query: ContributionQuery) => ({
    fromMs: query.from ? Date.parse(query.from) : 0,
    toMs: query.to ? Date.parse(query.to) : (deps.now ?? Date.now)() + 1,
  });

  app.get<ChapterParams>(`${CHAPTER}/versions`, async (request) => {
    const { bookId, chapterId } = request.params;
    return { versions: await history.listVersions(await userOf(request), bookId, chapterId) };
  });

  app.post<ChapterParams>(`${CHAPTER}/versions`, async (request, reply) => {
    const { bookId, chapterId } = request.params;
    const { name } = parse(CreateVersionRequest, request.body);
    const version = await history.createVersion(await userOf(request), bookId, chapterId, name);
    return reply.code(201).send({ version });
  });

  app.get<VersionParams>(`${CHAPTER}/versions/:versionId`, async (request) => {
    const { bookId, chapterId, versionId } = request.params;
    return history.getVersion(await userOf(request), bookId, chapterId, versionIdOf(versionId));
  });

  app.post<VersionParams>(`${CHAPTER}/versions/:versionId/restore`, async (request) => {
    const { bookId, chapterId, versionId } = request.params;
    return history.restore(await userOf(request), bookId, chapterId, versionIdOf(versionId));
  });

  app.get<ChapterParams>(`${CHAPTER}/diff`, async (request) => {
    const { bookId, chapterId } = request.params;
    const user = await userOf(request);
    return history.diff(user, bookId, chapterId, parse(DiffQuery, request.query));
  });

  app.get<ChapterParams>(`${CHAPTER}/authorship`, async (request) => {
    const { bookId, chapterId } = request.params;
    return history.authorship(await userOf(request), bookId, chapterId);
  });

  app.get<ChapterParams>(`${CHAPTER}/contributions`, async (request, reply) => {
    const { bookId, chapterId } = request.params;
    const user = await userOf(request);
    const query = parse(ContributionQuery, request.query);
    return sendStats(
      request,
      reply,
      query.format,
      await history.contributions(user, { bookId, chapterId }, rangeOf(query)),
    );
  });

  app.get<BookParams>('/api/books/:bookId/contributions', async (request, reply) => {
    const user = await userOf(request);
    const query = parse(ContributionQuery, request.query);
    const stats = await history.contributions(user, { bookId: request.params.bookId }, rangeOf(query));
    return sendStats(request, reply, query.format, stats);
  });

  app.get<BookParams>('/api/books/:bookId/changes', async (request) => {
    const user = await userOf(request);
    const { since } = parse(ReturnReportQuery, request.query);
    return history.changesSince(user, request.params.bookId, Date.parse(since));
  });

  app.get<BookParams>('/api/books/:bookId/credits', async (request) =>
    history.credits(await userOf(request), request.params.bookId),
  );
}

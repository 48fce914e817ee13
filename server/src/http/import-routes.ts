import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '@wethink/shared';
import type { AccountService } from '../accounts/account-service';
import type { ImageService } from '../figures/image-service';
import type { HistoryService } from '../history/history-service';
import { importBook, importFormats, MAX_IMPORT_BYTES, type ImportFormat } from '../import/import-book';
import { sessionUser } from './session-user';

type ImportQuery = { format?: string; title?: string; filename?: string; split?: string };

/** Content types an import body may have; the format comes from `?format=`. */
const BODY_TYPES = [
  'application/octet-stream',
  'text/markdown',
  'text/plain',
  'text/html',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
];

function formatOf(value: string | undefined): ImportFormat {
  const format = importFormats.find((known) => known === value);
  if (!format) {
    throw new AppError(
      'invalid-request',
      `unknown import format ${JSON.stringify(value)}: one of ${importFormats.join(', ')}`,
    );
  }
  return format;
}

function splitLevelOf(value: string | undefined): number {
  const level = value === undefined ? 1 : Number(value);
  if (![1, 2, 3].includes(level))
    throw new AppError('invalid-request', `split must be 1, 2 or 3, got ${value}`);
  return level;
}

/**
 * `POST /api/books/import` (a new book) and `POST /api/books/:bookId/import` (chapters appended):
 * the file is the raw request body, at most MAX_IMPORT_BYTES. Answers 201 with the chapters made
 * and what the schema could not hold.
 */
export function registerImportRoutes(
  app: FastifyInstance,
  deps: { accounts: AccountService; history: HistoryService; now?: () => number; images?: ImageService },
): void {
  const userOf = sessionUser(deps.accounts);
  const run = async (request: FastifyRequest<{ Querystring: ImportQuery }>, bookId: string | null) => {
    const userId = await userOf(request);
    const { query } = request;
    if (!(request.body instanceof Buffer))
      throw new AppError('invalid-request', 'send the file as the request body');
    return importBook(
      {
        accounts: deps.accounts,
        history: deps.history,
        now: deps.now ?? Date.now,
        ...(deps.images ? { images: deps.images } : {}),
      },
      {
        userId,
        bookId,
        format: formatOf(query.format),
        bytes: new Uint8Array(request.body),
        splitLevel: splitLevelOf(query.split),
        ...(query.title ? { title: query.title } : {}),
        ...(query.filename ? { fileName: query.filename } : {}),
      },
    );
  };
  void app.register(async (scope) => {
    scope.addContentTypeParser(
      BODY_TYPES,
      { parseAs: 'buffer', bodyLimit: MAX_IMPORT_BYTES },
      (_request, body, done) => done(null, body),
    );
    scope.post<{ Querystring: ImportQuery }>('/api/books/import', async (request, reply) =>
      reply.code(201).send(await run(request, null)),
    );
    scope.post<{ Params: { bookId: string }; Querystring: ImportQuery }>(
      '/api/books/:bookId/import',
      async (request, reply) => reply.code(201).send(await run(request, request.params.bookId)),
    );
  });
}

import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AccountService } from '../accounts/account-service';
import { listBookImages } from '../export/book-images';
import { createRoomBookSource } from '../export/book-source';
import { loadExportBook, type BookPeople } from '../export/export-book';
import type { ExportBody } from '../export/export-body';
import { exportBody, exportFileName, exportFileType, parseExportFormat } from '../export/export-formats';
import { parseExportOptions } from '../export/export-options';
import type { PdfOptions } from '../export/pdf-document';
import type { HistoryService } from '../history/history-service';
import type { Logger } from '../logger';
import { registerImportRoutes } from './import-routes';
import { sessionUser } from './session-user';
import type { ImageService } from '../figures/image-service';
import { AppError, bookImageSrc, isBookImageSrc } from '@wethink/shared';

/** A figure's image for export, as the exporting member may read it; null when it is not there. */
function imageReader(images: ImageService, userId: string, bookId: string) {
  return async (src: string) => {
    if (!isBookImageSrc(src) || !src.startsWith(`/api/books/${bookId}/images/`)) return null;
    try {
      return await images.read(userId, bookId, src.slice(src.lastIndexOf('/') + 1));
    } catch (error) {
      if (error instanceof AppError && error.code === 'not-found') return null;
      throw error;
    }
  };
}

/**
 * The body, with a failure after the response began logged: by then the status and headers are
 * sent, so the only honest answer left is to break the connection (Fastify destroys the response
 * when its stream fails), and the client sees a download that failed, never a short file.
 */
async function* loggedBody(body: ExportBody, log: Logger): ExportBody {
  try {
    yield* body;
  } catch (error) {
    log.error({ err: error }, 'export failed while streaming');
    throw error;
  }
}

type BookParams = { Params: { bookId: string }; Querystring: Record<string, string | undefined> };

/** `attachment` with an ASCII name and the UTF-8 one (RFC 6266), for the browser's download. */
function attachment(fileName: string): string {
  return `attachment; filename="${fileName}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}

/** People of a book as a member sees them: display names, and roles from the member list. */
export function peopleSeenBy(accounts: AccountService, userId: string): BookPeople {
  return {
    names: (ids) => accounts.displayNames(ids),
    roles: async (bookId) =>
      new Map((await accounts.listMembers(userId, bookId)).map((member) => [member.userId, member.role])),
  };
}

/**
 * Export (and import) of whole books. Any member may export what they may read; a signed-out
 * request gets 401 and a non-member 404, as every book route does.
 */
export function registerExportRoutes(
  app: FastifyInstance,
  deps: {
    accounts: AccountService;
    history: HistoryService;
    logger: Logger;
    now?: () => number;
    pdf?: PdfOptions;
    /** Figures' images, embedded where a format can (issue 21). */
    images?: ImageService;
  },
): void {
  const source = createRoomBookSource(deps.history.documents);
  const userOf = sessionUser(deps.accounts);

  // A PDF costs seconds of Chromium: exports are capped per client address (counted in Redis when
  // several instances serve the site). Counted after the query is checked (preValidation below),
  // so a mistyped option costs no export.
  const limited = {
    config: { rateLimit: { max: 20, timeWindow: '1 minute', hook: 'preHandler' as const } },
    preValidation: async (request: FastifyRequest<BookParams>) => {
      const { format, ...options } = request.query;
      parseExportFormat(format);
      parseExportOptions(options);
    },
  };
  app.get<BookParams>('/api/books/:bookId/export', limited, async (request, reply) => {
    const userId = await userOf(request);
    const { bookId } = request.params;
    const known = await deps.accounts.getBook(userId, bookId);
    const { format: formatName, ...rest } = request.query;
    const format = parseExportFormat(formatName);
    const options = parseExportOptions(rest);
    const image = deps.images ? imageReader(deps.images, userId, bookId) : null;
    const book = await loadExportBook({
      source,
      people: peopleSeenBy(deps.accounts, userId),
      bookId,
      fallbackTitle: known.title,
      modifiedAt: new Date((deps.now ?? Date.now)()),
      options,
      ...(image ? { image, coverImage: (id: string) => image(bookImageSrc(bookId, id)) } : {}),
    });
    // Everything that can be refused (access, format, options, a cover, a failed PDF print) has
    // been by now; from here the file streams, each chapter and image made or read when reached.
    const body = await exportBody(book, format, {
      ...(deps.pdf ? { pdf: deps.pdf } : {}),
      markdownLayout: options.markdownLayout,
    });
    const type = exportFileType(format, options.markdownLayout);
    const log = deps.logger.child({ bookId, userId, format });
    return reply
      .type(type.contentType)
      .header('content-disposition', attachment(exportFileName(book.title, type.extension)))
      .header('cache-control', 'no-store')
      .send(Readable.from(loggedBody(body, log)));
  });

  // The images of the book's figures, for choosing a cover in the Export dialog (any member).
  app.get<{ Params: { bookId: string } }>('/api/books/:bookId/export/images', async (request) => {
    const userId = await userOf(request);
    await deps.accounts.getBook(userId, request.params.bookId);
    return { images: await listBookImages(source, request.params.bookId) };
  });

  registerImportRoutes(app, deps);
}

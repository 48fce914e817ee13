import type { FastifyInstance } from 'fastify';
import { AppError, MAX_IMAGE_BYTES } from '@wethink/shared';
import type { AccountService } from '../accounts/account-service';
import type { ImageService } from '../figures/image-service';
import { sessionUser } from './session-user';

type ImageParams = { Params: { bookId: string; id: string } };

/**
 * `POST /api/books/:bookId/images` (the image as the raw body, any stated type: the bytes decide)
 * and `GET /api/books/:bookId/images/:id`, served with the type found at upload, never sniffed by
 * the browser, and a CSP that runs nothing even if opened directly.
 */
export function registerImageRoutes(
  app: FastifyInstance,
  deps: { accounts: AccountService; images: ImageService },
): void {
  const userOf = sessionUser(deps.accounts);

  app.get<ImageParams>('/api/books/:bookId/images/:id', async (request, reply) => {
    const image = await deps.images.read(await userOf(request), request.params.bookId, request.params.id);
    return reply
      .type(image.contentType)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, max-age=31536000, immutable')
      .send(Buffer.from(image.bytes.buffer, image.bytes.byteOffset, image.bytes.byteLength));
  });

  void app.register(async (scope) => {
    // Whatever the browser says the file is: the bytes are checked (image-type.ts).
    scope.addContentTypeParser(
      '*',
      { parseAs: 'buffer', bodyLimit: MAX_IMAGE_BYTES },
      (_request, body, done) => done(null, body),
    );
    scope.post<{ Params: { bookId: string } }>('/api/books/:bookId/images', async (request, reply) => {
      if (!(request.body instanceof Buffer))
        throw new AppError('invalid-request', 'send the image as the request body');
      const image = await deps.images.upload(
        await userOf(request),
        request.params.bookId,
        new Uint8Array(request.body),
      );
      return reply.code(201).send(image);
    });
  });
}

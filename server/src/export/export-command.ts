import fs from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import path from 'node:path';
import { AppError, bookImageSrc, isDocName } from '@wethink/shared';
import type { BlobStore } from '../storage/blob-store';
import type { AccountStore } from '../accounts/account-store';
import type { DocumentStore } from '../storage/document-store';
import { createStoreBookSource } from './book-source';
import { loadExportBook, type BookPeople } from './export-book';
import type { ExportBody } from './export-body';
import { exportBody, parseExportFormat } from './export-formats';
import { parseExportOptions } from './export-options';

/** Names and roles straight from the account store (the admin CLI acts as no member). */
function peopleOf(accounts: AccountStore): BookPeople {
  return {
    names: async (ids) => {
      const users = await Promise.all([...new Set(ids)].map((id) => accounts.findUserById(id)));
      return new Map(users.flatMap((user) => (user ? [[user.id, user.name] as const] : [])));
    },
    roles: async (bookId) =>
      new Map((await accounts.listMembers(bookId)).map((member) => [member.userId, member.role])),
  };
}

/** Images straight from the blob store (the admin CLI reads as no member). */
function imagesOf(blobs: BlobStore, bookId: string) {
  const prefix = bookImageSrc(bookId, '');
  const byId = (id: string) => blobs.getBlob(bookId, id);
  return {
    coverImage: byId,
    image: (src: string) => (src.startsWith(prefix) ? byId(src.slice(prefix.length)) : Promise.resolve(null)),
  };
}

/**
 * `wethink export`: renders a book from storage (stop the server first, or accept what it has
 * stored so far) and streams it into a partial file beside `out`, renamed to `out` only once it is
 * complete: an unknown book or format, or a failed render, leaves nothing. Resolves to the bytes
 * written.
 */
export async function exportBookToFile(deps: {
  store: DocumentStore;
  accounts: AccountStore;
  bookId: string;
  format: string;
  out: string;
  now: Date;
  /** The book's images (figures, cover); without it figures keep their alt text. */
  blobs?: BlobStore;
  /** The options in their string form, as flags give them (see export-options.ts). */
  options?: Record<string, string>;
}): Promise<number> {
  const format = parseExportFormat(deps.format);
  const options = parseExportOptions(deps.options ?? {});
  const known = isDocName(deps.bookId) ? await deps.accounts.findBook(deps.bookId) : null;
  if (!known) throw new AppError('not-found', `no book ${deps.bookId}`);
  const book = await loadExportBook({
    source: createStoreBookSource(deps.store),
    people: peopleOf(deps.accounts),
    bookId: deps.bookId,
    fallbackTitle: known.title,
    modifiedAt: deps.now,
    options,
    ...(deps.blobs ? imagesOf(deps.blobs, deps.bookId) : {}),
  });
  const body = await exportBody(book, format, { markdownLayout: options.markdownLayout });
  return writeAtomically(body, deps.out);
}

/** Streams `body` into a partial file, renamed to `out` when complete and removed on failure. */
async function writeAtomically(body: ExportBody, out: string): Promise<number> {
  const partial = path.join(path.dirname(out), `.${path.basename(out)}.partial`);
  let written = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      written += chunk.byteLength;
      done(null, chunk);
    },
  });
  try {
    await pipeline(Readable.from(body), counter, fs.createWriteStream(partial));
  } catch (error) {
    await fs.promises.rm(partial, { force: true });
    throw error;
  }
  await fs.promises.rename(partial, out);
  return written;
}

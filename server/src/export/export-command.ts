import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError, bookImageSrc, isDocName } from '@wethink/shared';
import type { BlobStore } from '../storage/blob-store';
import type { AccountStore } from '../accounts/account-store';
import type { DocumentStore } from '../storage/document-store';
import { createStoreBookSource } from './book-source';
import { loadExportBook, type BookPeople, type ExportImage } from './export-book';
import { parseExportFormat, renderBook } from './export-formats';
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
  const byId = async (id: string): Promise<ExportImage | null> => blobs.getBlob(bookId, id);
  return {
    coverImage: byId,
    image: (src: string) => (src.startsWith(prefix) ? byId(src.slice(prefix.length)) : Promise.resolve(null)),
  };
}

/**
 * `wethink export`: renders a book from storage (stop the server first, or accept what it has
 * stored so far) and writes it to `out` only once it is complete: an unknown book or format, or a
 * failed render, writes nothing. Resolves to the bytes written.
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
  const bytes = await renderBook(book, format, { markdownLayout: options.markdownLayout });
  const partial = path.join(path.dirname(deps.out), `.${path.basename(deps.out)}.partial`);
  await fs.writeFile(partial, bytes);
  await fs.rename(partial, deps.out);
  return bytes.byteLength;
}

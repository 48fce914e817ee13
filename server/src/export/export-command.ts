import fs from 'node:fs/promises';
import path from 'node:path';
import { AppError, isDocName } from '@wethink/shared';
import type { AccountStore } from '../accounts/account-store';
import type { DocumentStore } from '../storage/document-store';
import { createStoreBookSource } from './book-source';
import { loadExportBook, type BookPeople } from './export-book';
import { parseExportFormat, renderBook } from './export-formats';

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
}): Promise<number> {
  const format = parseExportFormat(deps.format);
  const known = isDocName(deps.bookId) ? await deps.accounts.findBook(deps.bookId) : null;
  if (!known) throw new AppError('not-found', `no book ${deps.bookId}`);
  const book = await loadExportBook({
    source: createStoreBookSource(deps.store),
    people: peopleOf(deps.accounts),
    bookId: deps.bookId,
    fallbackTitle: known.title,
    modifiedAt: deps.now,
  });
  const bytes = await renderBook(book, format);
  const partial = path.join(path.dirname(deps.out), `.${path.basename(deps.out)}.partial`);
  await fs.writeFile(partial, bytes);
  await fs.rename(partial, deps.out);
  return bytes.byteLength;
}

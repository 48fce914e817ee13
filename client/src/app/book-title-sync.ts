import type { ApiClient } from '../api/api-client';
import { capabilitiesOf } from '../account/capabilities';
import type { BookAccess } from './book-access-controller';

/**
 * Keeps the server's title of a book (what every member's book list shows) equal to the title in
 * the book's index document, which authors rename live and offline. A writer whose page shows a
 * different title than the server confirmed sends it once per title; one that fails (offline) is
 * sent again when the book is next opened.
 */
export class BookTitleSync {
  private readonly sent = new Set<string>();

  constructor(private readonly deps: { api: Pick<ApiClient, 'renameBook'> }) {}

  /** Call whenever the book on screen, its index title or the access may have changed. */
  check(bookId: string, indexTitle: string | undefined, access: BookAccess): void {
    if (indexTitle === undefined || access.status !== 'member' || !access.isConfirmed) return;
    if (access.title === undefined || access.title === indexTitle) return;
    if (!capabilitiesOf(access.role).canWrite) return;
    const key = `${bookId}\n${indexTitle}`;
    if (this.sent.has(key)) return;
    this.sent.add(key);
    this.deps.api.renameBook(bookId, indexTitle).catch(() => {
      // Offline or refused: the index keeps the title; the next visit of the book tries again.
    });
  }

  /** Forget what was sent (a new visit of a book). */
  reset(): void {
    this.sent.clear();
  }
}

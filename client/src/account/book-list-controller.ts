import type { BookView } from '@wethink/shared/client';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ApiClient } from '../api/api-client';
import { ApiError, ApiErrorKind } from '../api/api-error';

/** The start page's data: the user's books with their roles, and starting a new one. */
export interface BookListState {
  status: 'idle' | 'loading' | 'ready' | 'failed';
  books: readonly BookView[];
  isCreating: boolean;
  error: string | null;
}

export class BookListController implements ReactiveController {
  state: BookListState = { status: 'idle', books: [], isCreating: false, error: null };
  private loadSeq = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: { api: Pick<ApiClient, 'listBooks' | 'createBook'>; onSignedOut: () => void },
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    // Answers arriving after the page is gone are dropped.
    this.loadSeq += 1;
  }

  async load(): Promise<void> {
    const seq = ++this.loadSeq;
    this.update({ status: 'loading', error: null });
    try {
      const books = await this.deps.api.listBooks();
      if (seq === this.loadSeq) this.update({ status: 'ready', books });
    } catch (error) {
      if (seq === this.loadSeq) this.update({ status: 'failed', error: this.failure(error).message });
    }
  }

  /** Creates the book on the server (the caller becomes its owner); null with `error` set on failure. */
  async create(title: string): Promise<BookView | null> {
    if (this.state.isCreating) return null;
    this.update({ isCreating: true, error: null });
    try {
      const book = await this.deps.api.createBook(title);
      this.update({ isCreating: false, books: [book, ...this.state.books] });
      return book;
    } catch (error) {
      this.update({ isCreating: false, error: this.failure(error).message });
      return null;
    }
  }

  private failure(error: unknown): ApiError {
    if (!(error instanceof ApiError)) throw error;
    if (error.kind === ApiErrorKind.unauthenticated) this.deps.onSignedOut();
    return error;
  }

  private update(patch: Partial<BookListState>): void {
    this.state = { ...this.state, ...patch };
    this.host.requestUpdate();
  }
}

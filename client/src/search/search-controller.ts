import type { SearchView } from '@wethink/shared/client';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ApiClient } from '../api/api-client';
import { ApiError } from '../api/api-error';

export type SearchState =
  | { status: 'idle' }
  | { status: 'searching'; query: string }
  | { status: 'done'; view: SearchView }
  | { status: 'failed'; query: string; message: string };

/** Typing pauses this long before a search is sent. */
const SEARCH_DELAY_MS = 250;

/**
 * Book search as someone types: one request per pause, and only the newest query's answer is
 * shown (an older one arriving late is dropped). Failures become state the results show.
 */
export class SearchController implements ReactiveController {
  state: SearchState = { status: 'idle' };
  private timer: ReturnType<typeof setTimeout> | null = null;
  private latest = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: { api: () => ApiClient | null; bookId: () => string },
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The box changed: search after a pause (an empty box clears the results). */
  type(query: string): void {
    if (this.timer !== null) clearTimeout(this.timer);
    if (query.trim() === '') {
      this.latest += 1;
      this.set({ status: 'idle' });
      return;
    }
    this.timer = setTimeout(() => void this.run(query), SEARCH_DELAY_MS);
  }

  /** Enter: search now. */
  submit(query: string): void {
    if (this.timer !== null) clearTimeout(this.timer);
    if (query.trim() !== '') void this.run(query);
  }

  private async run(query: string): Promise<void> {
    const api = this.deps.api();
    if (api === null) return;
    const ticket = ++this.latest;
    this.set({ status: 'searching', query });
    try {
      const view = await api.searchBook(this.deps.bookId(), query);
      if (ticket === this.latest) this.set({ status: 'done', view });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (ticket === this.latest) this.set({ status: 'failed', query, message: error.message });
    }
  }

  private set(state: SearchState): void {
    this.state = state;
    this.host.requestUpdate();
  }
}

import type { ReturnReportView } from '@wethink/shared/client';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ApiClient } from '../api/api-client';
import { ApiError } from '../api/api-error';
import type { CollabSession } from './collab-session';
import type { SessionState } from './session-state';
import { RETURN_WATCH_START, watchReturn, type ReturnWatchState } from './return-watch';

/**
 * "While you were away": watches the chapter's session and, when it is live again after this
 * person edited offline, asks the server what went in since they went offline (theirs and everyone
 * else's, per chapter). The report stays until dismissed; a later return replaces it.
 */
export class ReturnReportController implements ReactiveController {
  report: ReturnReportView | null = null;
  private session: CollabSession | null = null;
  private bookId: string | null = null;
  private watch: ReturnWatchState = RETURN_WATCH_START;
  private stop: (() => void) | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** `api` gives null while the page has no server to ask: a return then reports nothing. */
    private readonly deps: { api: () => ApiClient | null; nowMs: () => number },
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.follow(null, null);
  }

  follow(bookId: string | null, session: CollabSession | null): void {
    this.bookId = bookId;
    if (session === this.session) return;
    this.stop?.();
    this.stop = null;
    this.session = session;
    this.watch = RETURN_WATCH_START;
    if (session === null) return;
    const onState = (state: SessionState) => {
      const { next, returnedSinceMs } = watchReturn(this.watch, state, this.deps.nowMs());
      this.watch = next;
      if (returnedSinceMs !== null && this.bookId !== null) void this.load(this.bookId, returnedSinceMs);
    };
    onState(session.state);
    this.stop = session.subscribe(onState);
  }

  dismiss(): void {
    this.report = null;
    this.host.requestUpdate();
  }

  private async load(bookId: string, sinceMs: number): Promise<void> {
    const api = this.deps.api();
    if (api === null) return;
    try {
      const report = await api.changes(bookId, new Date(sinceMs).toISOString());
      if (bookId !== this.bookId) return;
      this.report = report;
      this.host.requestUpdate();
    } catch (error) {
      // Offline again, or not allowed: there is nothing to report now; the next return asks again.
      if (!(error instanceof ApiError)) throw error;
    }
  }
}

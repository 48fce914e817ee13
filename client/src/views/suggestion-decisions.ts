import type { BecauseOfYouView } from '@wethink/shared/client';
import { ApiError } from '../api/api-error';
import type { SuggestionDecision } from '../components/suggestions-panel';
import type { ChapterSuggestionsContext } from './chapter-suggestions';

/** The busy key of a bulk decision (accept or reject all): one at a time. */
const BULK = 'bulk';

type Action = 'send' | 'public' | 'bulk' | SuggestionDecision;

/** What the server's refusal means to the suggester or the decider. */
function messageOf(error: ApiError, action: Action): string {
  if (error.code === 'anchor-gone') {
    return action === 'send'
      ? 'That passage changed before your suggestion arrived; it was not sent.'
      : 'The passage this suggestion was about is gone, so it cannot be applied. You can still reject it.';
  }
  return error.message;
}

/**
 * What the chapter's suggestions ask the server: decisions (one, or all of them), a round's public
 * link, the book-wide "because of you". Keeps what is in flight (one request per suggestion or
 * round, one bulk decision at a time) and the last error; the host renders on each change.
 */
export class SuggestionDecisions {
  error: string | null = null;
  /** The book-wide "because of you", once asked for; see `bookWideFor`. */
  private bookWide: BecauseOfYouView | 'loading' | null = null;
  private bookWideOf: string | null = null;
  private readonly busy = new Set<string>();

  constructor(
    private readonly deps: {
      context: () => ChapterSuggestionsContext | null;
      requestUpdate: () => void;
    },
  ) {}

  /** True while a request about `id` (a suggestion or a round) is in flight. */
  isBusy(id: string): boolean {
    return this.busy.has(id);
  }

  get isBulkBusy(): boolean {
    return this.busy.has(BULK);
  }

  /** What was loaded for this book; null for another book (asked for again there). */
  bookWideFor(bookId: string): BecauseOfYouView | 'loading' | null {
    return this.bookWideOf === bookId ? this.bookWide : null;
  }

  clearError(): void {
    this.set({ error: null });
  }

  async loadBookWide(): Promise<void> {
    const context = this.deps.context();
    if (context === null || this.bookWide === 'loading') return;
    const bookId = context.chapter.bookId;
    this.bookWideOf = bookId;
    this.set({ bookWide: 'loading' });
    try {
      this.set({ bookWide: await context.api.becauseOfMe(bookId) });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.set({ bookWide: null, error: error.message });
    }
  }

  async decideAll(decision: SuggestionDecision, by: string | null): Promise<void> {
    const context = this.deps.context();
    if (context === null || this.busy.has(BULK)) return;
    await this.whileBusy(BULK, 'bulk', async () => {
      const result = await context.api.decideAllSuggestions(context.chapter, decision, by);
      if (result.anchorGone.length > 0) {
        const count = result.anchorGone.length;
        this.error = `${count} suggestion${count === 1 ? '' : 's'} could not be applied: the passage is gone. ${count === 1 ? 'It stays' : 'They stay'} open.`;
      }
    });
  }

  async setPublic(roundId: string, isPublic: boolean): Promise<void> {
    const context = this.deps.context();
    if (context === null || this.busy.has(roundId)) return;
    await this.whileBusy(roundId, 'public', () =>
      context.api.setRoundPublic(context.chapter, roundId, isPublic),
    );
  }

  async decide(suggestionId: string, decision: SuggestionDecision): Promise<void> {
    const context = this.deps.context();
    if (context === null || this.busy.has(suggestionId)) return;
    await this.whileBusy(suggestionId, decision, () =>
      context.api.decideSuggestion(context.chapter, suggestionId, decision),
    );
  }

  private async whileBusy(key: string, action: Action, request: () => Promise<unknown>): Promise<void> {
    this.busy.add(key);
    this.deps.requestUpdate();
    this.set({ error: null });
    try {
      await request();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.set({ error: messageOf(error, action) });
    }
    this.busy.delete(key);
    this.deps.requestUpdate();
  }

  private set(patch: { error?: string | null; bookWide?: BecauseOfYouView | 'loading' | null }): void {
    Object.assign(this, patch);
    this.deps.requestUpdate();
  }
}

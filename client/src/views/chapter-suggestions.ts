import {
  Role,
  type CommentRecord,
  type RoundRecord,
  type SuggestionRecord,
  type ThreadRecord,
} from '@wethink/shared/client';
import { html, nothing, type ReactiveController, type ReactiveControllerHost } from 'lit';
import type { ApiClient, ChapterRef } from '../api/api-client';
import type { CollabSession } from '../collab/collab-session';
import type { CommentOutbox } from '../comments/comment-outbox';
import { refusalMessage, suggestOpOf, suggestionRefusals } from '../comments/suggestion-outbox';
import {
  bulkActionsFor,
  canSuggest,
  changesBecauseOf,
  pendingSuggestions,
  readSuggestions,
  roundOutcomes,
} from '../comments/suggestion-list';
import type { SuggestionCreateDetail } from '../editor/suggestion-events';
import type { SuggestionMark } from '../editor/plugins/suggestion-marks';
import type { MemberMark } from '../people/member-colors';
import { publicDraftPath } from '../app/route';
import type { SuggestionDecision } from '../components/suggestions-panel';
import { editorMarksOf, panelItems } from '../comments/suggestion-items';
import { SuggestionDecisions } from './suggestion-decisions';

/** Everything the chapter's suggestions depend on; given before each render. */
export interface ChapterSuggestionsContext {
  api: ApiClient;
  chapter: ChapterRef;
  /** The chapter's comments document (read-only), where the suggestions live. */
  session: CollabSession | null;
  userId: string | null;
  role: Role | null;
  /** The review round open now, if any. */
  openRound: RoundRecord | null;
  /** Where the app is served from, for public links. */
  origin: string;
  threads: readonly ThreadRecord[];
  rounds: readonly RoundRecord[];
  marks: ReadonlyMap<string, MemberMark> | null;
  newId: () => string;
  /** The comments of the chapter (a suggestion's thread is the comments under its id). */
  comments: readonly CommentRecord[];
  /** Where suggestions wait until the server has them (offline too), in order with comments. */
  outbox: CommentOutbox;
  /** Replies on a suggestion's thread (through the comments outbox). */
  reply: (suggestionId: string, body: string) => void;
}

/**
 * The chapter view's suggestions: the "Suggest" switch, the editor's suggestion marks, and the
 * panel of open suggestions with their decisions. Reads the records from the comments document
 * (re-read on every change); writes through the API, which applies them to the document.
 */
export class ChapterSuggestions implements ReactiveController {
  isSuggesting = false;
  suggestions: SuggestionRecord[] = [];
  private readonly decisions = new SuggestionDecisions({
    context: () => this.context,
    requestUpdate: () => this.host.requestUpdate(),
  });
  private context: ChapterSuggestionsContext | null = null;
  private watched: CollabSession | null = null;
  private stopWatching: (() => void) | null = null;
  private marksMemo: { key: readonly unknown[]; value: SuggestionMark[] } | null = null;

  constructor(private readonly host: ReactiveControllerHost) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.watch(null);
  }

  follow(context: ChapterSuggestionsContext): void {
    this.context = context;
    if (context.session !== this.watched) this.watch(context.session);
    if (this.isSuggesting && !this.canSuggestNow) this.isSuggesting = false;
  }

  get canSuggestNow(): boolean {
    const context = this.context;
    return (
      context !== null && context.userId !== null && canSuggest(context.role, context.openRound !== null)
    );
  }

  /** The open suggestions, for the editor to show in the text. */
  get editorMarks(): SuggestionMark[] {
    // The outbox's items (not the pending records made from them) keep the memo's key stable.
    const key = [this.suggestions, this.context?.marks, this.context?.outbox.state.items] as const;
    if (this.marksMemo !== null && this.marksMemo.key.every((part, index) => part === key[index]))
      return this.marksMemo.value;
    const value = editorMarksOf([...this.suggestions, ...this.pending], this.context?.marks ?? null);
    this.marksMemo = { key, value };
    return value;
  }

  renderToggle() {
    if (!this.canSuggestNow) return nothing;
    return html`<button
      type="button"
      class="button button--toggle"
      aria-pressed=${String(this.isSuggesting)}
      title="Typing makes suggestions the authors can accept"
      @click=${this.toggle}
    >
      Suggest
    </button>`;
  }

  renderPanel() {
    const context = this.context;
    if (context === null || context.userId === null) return nothing;
    const userId = context.userId;
    const open = this.suggestions.filter((suggestion) => suggestion.status === 'open');
    const rounds = context.role === Role.owner ? roundOutcomes(context.rounds, this.suggestions) : [];
    const isEmpty =
      open.length === 0 && rounds.length === 0 && !this.hasMine(userId) && this.pending.length === 0;
    if (isEmpty && !this.isSuggesting && this.shownError === null) return nothing;
    const items = panelItems({
      open,
      pending: this.pending,
      comments: context.comments,
      viewer: { userId, role: context.role },
      canReply: canSuggest(context.role, context.openRound !== null),
      isBusy: (id) => this.decisions.isBusy(id) || this.decisions.isBulkBusy,
    });
    const decisions = this.decisions;
    return html`<suggestions-panel
      .items=${items}
      .bulk=${decisions.isBulkBusy ? [] : bulkActionsFor(open, { userId, role: context.role })}
      .mine=${changesBecauseOf(userId, this.suggestions, context.threads)}
      .error=${this.shownError}
      .rounds=${rounds}
      .bookWide=${decisions.bookWideFor(context.chapter.bookId)}
      @because-of-you-load=${() => void decisions.loadBookWide()}
      @suggestion-decide=${(event: CustomEvent<{ suggestionId: string; decision: SuggestionDecision }>) =>
        void decisions.decide(event.detail.suggestionId, event.detail.decision)}
      @suggestion-decide-all=${(event: CustomEvent<{ decision: SuggestionDecision; by: string | null }>) =>
        void decisions.decideAll(event.detail.decision, event.detail.by)}
      @suggestion-reply=${(event: CustomEvent<{ suggestionId: string; body: string }>) =>
        context.reply(event.detail.suggestionId, event.detail.body)}
      @suggestion-error-dismiss=${() => this.dismissError()}
    ></suggestions-panel>`;
  }

  /** The owner's public link for the open round. */
  renderPublicLink() {
    const context = this.context;
    const round = context?.openRound ?? null;
    if (context === null || round === null || context.role !== Role.owner) return nothing;
    const { bookId, chapterId } = context.chapter;
    const href = round.publicCode
      ? `${context.origin}${publicDraftPath(bookId, chapterId, round.publicCode)}`
      : '';
    return html`<public-link
      .round=${round}
      href=${href}
      ?busy=${this.decisions.isBusy(round.id)}
      @public-link-set=${(event: CustomEvent<{ roundId: string; isPublic: boolean }>) =>
        void this.decisions.setPublic(event.detail.roundId, event.detail.isPublic)}
    ></public-link>`;
  }

  /**
   * The editor captured a suggestion: queue it in the comments outbox, which sends it now or, when
   * offline, on reconnect (the record comes back through the document; a refusal is shown).
   */
  readonly onCreate = (event: CustomEvent<SuggestionCreateDetail>) => {
    const context = this.context;
    if (context === null || context.userId === null) return;
    context.outbox.enqueue(context.userId, context.chapter, suggestOpOf(event.detail, context.newId()));
    this.host.requestUpdate();
  };

  /** This user's suggestions on this chapter still in the outbox, as records to show. */
  private get pending(): SuggestionRecord[] {
    const context = this.context;
    if (context === null || context.userId === null) return [];
    const known = new Set(this.suggestions.map((suggestion) => suggestion.id));
    return pendingSuggestions(context.outbox.state.items, {
      userId: context.userId,
      chapter: context.chapter,
      name: this.suggesterName,
    }).filter((suggestion) => !known.has(suggestion.id));
  }

  private get suggesterName(): string {
    const userId = this.context?.userId;
    return this.suggestions.find((suggestion) => suggestion.suggestedBy === userId)?.suggesterName ?? 'You';
  }

  /** This panel's error, or the newest refusal of one of this user's suggestions here. */
  private get shownError(): string | null {
    const refusal = this.refusals.at(-1);
    return this.decisions.error ?? (refusal === undefined ? null : refusalMessage(refusal));
  }

  private get refusals() {
    const context = this.context;
    return context === null ? [] : suggestionRefusals(context.outbox.state.refusals, context);
  }

  private dismissError(): void {
    if (this.decisions.error === null)
      for (const refusal of this.refusals) this.context?.outbox.dismiss(refusal.item.seq);
    this.decisions.clearError();
  }

  private hasMine(userId: string): boolean {
    const mine = changesBecauseOf(userId, this.suggestions, this.context?.threads ?? []);
    return mine.accepted.length > 0 || mine.resolvedThreads.length > 0;
  }

  private readonly toggle = () => this.set({ isSuggesting: !this.isSuggesting });

  private watch(session: CollabSession | null): void {
    this.stopWatching?.();
    this.stopWatching = null;
    this.watched = session;
    this.suggestions = session === null ? [] : readSuggestions(session.ydoc);
    if (session === null) return;
    const onUpdate = () => this.set({ suggestions: readSuggestions(session.ydoc) });
    session.ydoc.on('update', onUpdate);
    this.stopWatching = () => session.ydoc.off('update', onUpdate);
  }

  private set(patch: Partial<Pick<ChapterSuggestions, 'isSuggesting' | 'suggestions'>>): void {
    Object.assign(this, patch);
    this.host.requestUpdate();
  }
}

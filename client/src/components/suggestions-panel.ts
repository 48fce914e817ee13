import {
  describeFormat,
  type BecauseOfYouView,
  type CommentRecord,
  type SuggestionRecord,
} from '@wethink/shared/client';
import { LitElement, html, nothing } from 'lit';
import type { ChangesBecauseOf, RoundOutcome, SuggestionActions } from '../comments/suggestion-list';

/** One suggestion and what the viewer may do with it. */
export interface SuggestionItem {
  suggestion: SuggestionRecord;
  actions: SuggestionActions;
  isBusy: boolean;
  /** Still in this device's outbox (made offline, or on its way): not on the server yet. */
  isPending: boolean;
  /** Its thread's comments, oldest first. */
  thread: readonly CommentRecord[];
  canReply: boolean;
}

/** "Accept all" (by: null) or "Accept all from <name>". */
export interface BulkAction {
  by: string | null;
  name: string | null;
  count: number;
}

export type SuggestionDecision = 'accept' | 'reject';

const verbOf = (suggestion: SuggestionRecord): string =>
  suggestion.kind === 'format' && suggestion.format
    ? `format (${describeFormat(suggestion.format)})`
    : suggestion.kind;

/**
 * The chapter's open suggestions with Accept / Reject (owners and authors, not on their own) or
 * Withdraw (the suggester), each with its thread and a reply box; accept or reject all, or all of
 * one suggester's (asked first); the last failure, and what changed here because of the viewer.
 * Reports `suggestion-decide`, `suggestion-decide-all`, `suggestion-reply` and
 * `suggestion-error-dismiss` upward.
 */
export class SuggestionsPanel extends LitElement {
  static override properties = {
    items: { attribute: false },
    bulk: { attribute: false },
    mine: { attribute: false },
    error: { attribute: false },
    rounds: { attribute: false },
    bookWide: { attribute: false },
  };

  declare items: readonly SuggestionItem[];
  /** Bulk decisions the viewer may make; empty: none shown. */
  declare bulk: readonly BulkAction[];
  declare mine: ChangesBecauseOf | null;
  declare error: string | null;
  /** Per review round, its suggestions' outcomes (the owner's view); empty: none shown. */
  declare rounds: readonly RoundOutcome[];
  /** What changed in the whole book because of the viewer, once asked for ('loading' meanwhile). */
  declare bookWide: BecauseOfYouView | 'loading' | null;

  constructor() {
    super();
    this.items = [];
    this.bulk = [];
    this.mine = null;
    this.error = null;
    this.rounds = [];
    this.bookWide = null;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render() {
    return html`<section class="suggestions-panel" aria-label="Suggestions">
      <h2 class="suggestions-panel__title">Suggestions (${this.items.length})</h2>
      ${
        this.error === null
          ? nothing
          : html`<p class="suggestions-panel__error" role="alert">
              ${this.error}
              <button type="button" class="button" @click=${() => this.emit('suggestion-error-dismiss', {})}>
                Dismiss
              </button>
            </p>`
      }
      ${this.renderBulk()}
      <ul class="suggestions-panel__list">
        ${this.items.map((item) => this.renderItem(item))}
      </ul>
      ${this.renderMine()} ${this.renderRounds()}
    </section>`;
  }

  private renderBulk() {
    if (this.bulk.length === 0) return nothing;
    const button = (decision: SuggestionDecision, { by, name, count }: BulkAction) => {
      const verb = decision === 'accept' ? 'Accept' : 'Reject';
      const label = name === null ? `${verb} all` : `${verb} all from ${name}`;
      const whose =
        name === null
          ? 'every open suggestion'
          : `${name}'s ${count} open suggestion${count === 1 ? '' : 's'}`;
      return html`<confirm-button
        data-bulk=${`${decision}:${by ?? 'all'}`}
        label=${label}
        question=${`${verb} ${whose}?`}
        confirm-label=${label}
        @confirm=${() => this.emit('suggestion-decide-all', { decision, by })}
      ></confirm-button>`;
    };
    return html`<div class="suggestions-panel__bulk" role="group" aria-label="Decide many">
      ${this.bulk.map((action) => button('accept', action))}
      ${this.bulk.filter((action) => action.by === null).map((action) => button('reject', action))}
    </div>`;
  }

  private renderItem(item: SuggestionItem) {
    const { suggestion, actions, isBusy } = item;
    const decide = (decision: SuggestionDecision) => () =>
      this.emit('suggestion-decide', { suggestionId: suggestion.id, decision });
    const verb = verbOf(suggestion);
    return html`<li class="suggestions-panel__item" data-suggestion-id=${suggestion.id}>
      <span class="suggestions-panel__who">${suggestion.suggesterName} suggests to ${verb}</span>
      <q class="suggestions-panel__text suggestions-panel__text--${suggestion.kind}">${suggestion.text}</q>
      ${item.isPending ? html`<span class="suggestions-panel__pending">Waiting to send</span>` : nothing}
      ${
        actions.canAccept
          ? html`<button type="button" class="button" ?disabled=${isBusy} @click=${decide('accept')}>
              Accept
            </button>`
          : nothing
      }
      ${
        actions.canReject
          ? html`<button type="button" class="button" ?disabled=${isBusy} @click=${decide('reject')}>
              Reject
            </button>`
          : nothing
      }
      ${
        actions.canWithdraw
          ? html`<button type="button" class="button" ?disabled=${isBusy} @click=${decide('reject')}>
              Withdraw
            </button>`
          : nothing
      }
      ${this.renderThread(item)}
    </li>`;
  }

  private renderThread({ suggestion, thread, canReply, isPending }: SuggestionItem) {
    const comments = thread.filter((comment) => comment.deletedAt === null);
    const list =
      comments.length === 0
        ? nothing
        : html`<ul class="suggestions-panel__thread" aria-label="Replies">
            ${comments.map(
              (comment) =>
                html`<li data-comment-id=${comment.id}><b>${comment.authorName}</b>: ${comment.body}</li>`,
            )}
          </ul>`;
    if (!canReply || isPending) return list;
    const send = (event: SubmitEvent) => {
      event.preventDefault();
      const form = event.currentTarget as HTMLFormElement;
      const input = form.elements.namedItem('body') as HTMLInputElement;
      const body = input.value.trim();
      if (body === '') return;
      this.emit('suggestion-reply', { suggestionId: suggestion.id, body });
      input.value = '';
    };
    return html`${list}
      <form class="suggestions-panel__reply" @submit=${send}>
        <input
          name="body"
          type="text"
          maxlength="10000"
          aria-label=${`Reply to ${suggestion.suggesterName}'s suggestion`}
          placeholder="Reply"
        />
        <button type="submit" class="button">Reply</button>
      </form>`;
  }

  private renderMine() {
    const mine = this.mine ?? { accepted: [], resolvedThreads: [] };
    return html`<section class="suggestions-panel__mine" aria-label="What changed because of you">
      <h3>What changed because of you</h3>
      ${this.renderBookWide()}
      <ul>
        ${mine.accepted.map(
          (suggestion) =>
            html`<li data-suggestion-id=${suggestion.id}>
              Accepted: ${acceptedVerb(suggestion)} “${suggestion.text}”
            </li>`,
        )}
        ${mine.resolvedThreads.map((thread) => html`<li>Resolved: your thread on “${thread.quote}”</li>`)}
      </ul>
    </section>`;
  }

  private renderBookWide() {
    const view = this.bookWide;
    if (view === null) {
      return html`<button type="button" class="button" @click=${() => this.emit('because-of-you-load', {})}>
        Across the book
      </button>`;
    }
    if (view === 'loading') return html`<p aria-busy="true">Looking through every chapter…</p>`;
    const { accepted, resolvedThreads } = view.totals;
    const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
    const where = view.chapters.length > 0 ? ` in ${plural(view.chapters.length, 'chapter')}` : '';
    const line = `Across the book: ${plural(accepted, 'suggestion')} accepted, ${plural(resolvedThreads, 'thread')} resolved${where}`;
    return html`<p class="suggestions-panel__book-wide" data-testid="because-of-you-book">${line}</p>`;
  }

  private renderRounds() {
    if (this.rounds.length === 0) return nothing;
    return html`<section class="suggestions-panel__rounds" aria-label="Review round outcomes">
      <h3>Review rounds</h3>
      <ul>
        ${this.rounds.map(
          ({ roundId, title, outcomes }) =>
            html`<li data-round-id=${roundId}>
              “${title}”: ${outcomes.made} made, ${outcomes.accepted} accepted, ${outcomes.rejected} rejected,
              ${outcomes.open} open
            </li>`,
        )}
      </ul>
    </section>`;
  }

  private emit(type: string, detail: object): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

/** "inserted", "deleted", "formatted (bold)". */
export function acceptedVerb(suggestion: SuggestionRecord): string {
  if (suggestion.kind === 'insert') return 'inserted';
  if (suggestion.kind === 'delete') return 'deleted';
  return suggestion.format ? `formatted (${describeFormat(suggestion.format)})` : 'formatted';
}

declare global {
  interface HTMLElementTagNameMap {
    'suggestions-panel': SuggestionsPanel;
  }
  interface HTMLElementEventMap {
    'suggestion-decide': CustomEvent<{ suggestionId: string; decision: SuggestionDecision }>;
    'suggestion-decide-all': CustomEvent<{ decision: SuggestionDecision; by: string | null }>;
    'suggestion-reply': CustomEvent<{ suggestionId: string; body: string }>;
    'suggestion-error-dismiss': CustomEvent<Record<string, never>>;
    'because-of-you-load': CustomEvent<Record<string, never>>;
  }
}

import type { SuggestionRecord } from '@wethink/shared/client';
import { LitElement, html, nothing } from 'lit';
import type { ChangesBecauseOf, RoundOutcome, SuggestionActions } from '../comments/suggestion-list';

/** One open suggestion and what the viewer may do with it. */
export interface SuggestionItem {
  suggestion: SuggestionRecord;
  actions: SuggestionActions;
  isBusy: boolean;
}

export type SuggestionDecision = 'accept' | 'reject';

/**
 * The chapter's open suggestions with Accept / Reject (owners and authors, not on their own) or
 * Withdraw (the suggester), the last failure, and what changed here because of the viewer.
 * Reports `suggestion-decide` and `suggestion-error-dismiss` upward.
 */
export class SuggestionsPanel extends LitElement {
  static override properties = {
    items: { attribute: false },
    mine: { attribute: false },
    error: { attribute: false },
    rounds: { attribute: false },
  };

  declare items: readonly SuggestionItem[];
  declare mine: ChangesBecauseOf | null;
  declare error: string | null;
  /** Per review round, its suggestions' outcomes (the owner's view); empty: none shown. */
  declare rounds: readonly RoundOutcome[];

  constructor() {
    super();
    this.items = [];
    this.mine = null;
    this.error = null;
    this.rounds = [];
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
      <ul class="suggestions-panel__list">
        ${this.items.map((item) => this.renderItem(item))}
      </ul>
      ${this.renderMine()} ${this.renderRounds()}
    </section>`;
  }

  private renderItem({ suggestion, actions, isBusy }: SuggestionItem) {
    const decide = (decision: SuggestionDecision) => () =>
      this.emit('suggestion-decide', { suggestionId: suggestion.id, decision });
    const verb = suggestion.kind === 'insert' ? 'insert' : 'delete';
    return html`<li class="suggestions-panel__item" data-suggestion-id=${suggestion.id}>
      <span class="suggestions-panel__who">${suggestion.suggesterName} suggests to ${verb}</span>
      <q class="suggestions-panel__text suggestions-panel__text--${verb}">${suggestion.text}</q>
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
    </li>`;
  }

  private renderMine() {
    const mine = this.mine;
    if (mine === null || (mine.accepted.length === 0 && mine.resolvedThreads.length === 0)) return nothing;
    return html`<section class="suggestions-panel__mine" aria-label="What changed because of you">
      <h3>What changed because of you</h3>
      <ul>
        ${mine.accepted.map(
          (suggestion) =>
            html`<li data-suggestion-id=${suggestion.id}>
              Accepted: ${suggestion.kind === 'insert' ? 'inserted' : 'deleted'} “${suggestion.text}”
            </li>`,
        )}
        ${mine.resolvedThreads.map((thread) => html`<li>Resolved: your thread on “${thread.quote}”</li>`)}
      </ul>
    </section>`;
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

declare global {
  interface HTMLElementTagNameMap {
    'suggestions-panel': SuggestionsPanel;
  }
  interface HTMLElementEventMap {
    'suggestion-decide': CustomEvent<{ suggestionId: string; decision: SuggestionDecision }>;
    'suggestion-error-dismiss': CustomEvent<Record<string, never>>;
  }
}

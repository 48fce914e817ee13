import type { RoundRecord } from '@wethink/shared/client';
import { LitElement, html } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import type { CommentCapabilities } from '../account/capabilities';
import type { OutboxRefusal } from '../comments/comment-outbox';
import { ALL_THREADS, type ThreadEntry, type ThreadFilter, type ThreadList } from '../comments/thread-list';
import { renderThreadFilters } from './thread-filters';

/** A new thread being written: the passage it will be attached to. */
export interface CommentDraft {
  quote: string;
}

const EMPTY_LIST: ThreadList = { placed: [], orphaned: [], counts: { open: 0, resolved: 0 } };

/**
 * The chapter's comment threads beside the editor, in the order of their passages, the orphaned
 * ones (passage deleted) apart with the words they began on; the new-comment form; filters; the
 * owner's "Send draft to readers"; writes the server refused, until dismissed. Reports upward
 * with events; each thread is a `<comment-thread>`.
 */
export class CommentsPanel extends LitElement {
  static override properties = {
    list: { attribute: false },
    refusals: { attribute: false },
    userId: { attribute: 'user-id' },
    capabilities: { attribute: false },
    canCommentNow: { type: Boolean, attribute: 'can-comment-now' },
    mentionNames: { attribute: false },
    memberNames: { attribute: false },
    focusedThreadId: { attribute: false },
    rounds: { attribute: false },
    openRound: { attribute: false },
    filter: { attribute: false },
    draft: { attribute: false },
    notice: { attribute: false },
    roundError: { attribute: false },
    isRoundBusy: { type: Boolean, attribute: 'round-busy' },
    isOffline: { type: Boolean, attribute: 'offline' },
  };

  declare list: ThreadList;
  declare refusals: readonly OutboxRefusal[];
  declare userId: string;
  declare capabilities: CommentCapabilities | null;
  /** May start threads and reply now (a reader: only during a review round). */
  declare canCommentNow: boolean;
  declare mentionNames: readonly string[];
  /** Members the comment boxes offer after `@` (those the server will notify). */
  declare memberNames: readonly string[];
  declare focusedThreadId: string | null;
  declare rounds: readonly RoundRecord[];
  declare openRound: RoundRecord | null;
  declare filter: ThreadFilter;
  declare draft: CommentDraft | null;
  /** Why "Comment" did nothing (no passage selected); null: none. */
  declare notice: string | null;
  declare roundError: string | null;
  declare isRoundBusy: boolean;
  declare isOffline: boolean;

  constructor() {
    super();
    this.list = EMPTY_LIST;
    this.refusals = [];
    this.userId = '';
    this.capabilities = null;
    this.canCommentNow = false;
    this.mentionNames = [];
    this.memberNames = [];
    this.focusedThreadId = null;
    this.rounds = [];
    this.openRound = null;
    this.filter = ALL_THREADS;
    this.draft = null;
    this.notice = null;
    this.roundError = null;
    this.isRoundBusy = false;
    this.isOffline = false;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    if (changed.has('focusedThreadId') && this.focusedThreadId !== null) {
      const selector = `comment-thread [data-thread-id="${CSS.escape(this.focusedThreadId)}"]`;
      this.querySelector(selector)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    }
    if (changed.has('draft') && this.draft !== null) {
      this.querySelector<HTMLTextAreaElement>('.comments-panel__draft textarea')?.focus();
    }
  }

  protected override render() {
    const { counts, placed, orphaned } = this.list;
    return html`<aside class="comments-panel" aria-label="Comments">
      <header class="comments-panel__header">
        <h2>Comments</h2>
        <span class="comments-panel__counts">${counts.open} open · ${counts.resolved} resolved</span>
        <button type="button" class="button" @click=${() => this.emit('comments-close', {})}>Close</button>
      </header>
      ${this.refusals.map((refusal) => this.renderRefusal(refusal))}
      ${
        this.isOffline
          ? html`<p class="comments-panel__note">
              Offline: your comments are kept on this device and sent when you reconnect.
            </p>`
          : null
      }
      ${this.renderRoundForm()} ${this.renderDraft()}
      ${renderThreadFilters(this.filter, this.rounds, (filter) => this.emit('comments-filter', { filter }))}
      <ol class="comments-panel__threads" aria-label="Threads">
        ${repeat(
          placed,
          (entry) => entry.thread.id,
          (entry) => html`<li>${this.renderThread(entry, false)}</li>`,
        )}
      </ol>
      ${placed.length === 0 && orphaned.length === 0 ? html`<p class="comments-panel__empty">No comments here.</p>` : null}
      ${orphaned.length === 0 ? null : this.renderOrphaned(orphaned)}
    </aside>`;
  }

  private renderRefusal(refusal: OutboxRefusal) {
    return html`<div class="comments-panel__refusal" role="alert" data-code=${refusal.code}>
      <p>${refusal.message}</p>
      ${this.renderRefusedText(refusal)}
      <button
        type="button"
        class="link-button"
        @click=${() => this.emit('refusal-dismiss', { seq: refusal.item.seq })}
      >
        Dismiss
      </button>
    </div>`;
  }

  private renderOrphaned(orphaned: readonly ThreadEntry[]) {
    return html`<section class="comments-panel__orphaned" aria-labelledby="orphaned-heading">
      <h3 id="orphaned-heading">Orphaned</h3>
      <p class="comments-panel__note">The passages these threads were about have been deleted.</p>
      <ol aria-label="Orphaned threads">
        ${repeat(
          orphaned,
          (entry) => entry.thread.id,
          (entry) => html`<li>${this.renderThread(entry, true)}</li>`,
        )}
      </ol>
    </section>`;
  }

  private renderThread(entry: ThreadEntry, isOrphaned: boolean) {
    const caps = this.capabilities;
    return html`<comment-thread
      .entry=${entry}
      ?orphaned=${isOrphaned}
      ?focused=${entry.thread.id === this.focusedThreadId}
      user-id=${this.userId}
      ?can-reply=${this.canCommentNow}
      ?can-edit=${this.canCommentNow}
      ?can-resolve=${caps?.canResolve === true}
      ?can-delete-any=${caps?.canDeleteAny === true}
      .mentionNames=${this.mentionNames}
      .memberNames=${this.memberNames}
    ></comment-thread>`;
  }

  /** What a refused comment said, so it is not lost. */
  private renderRefusedText(refusal: OutboxRefusal) {
    const { op } = refusal.item;
    if (op.kind !== 'create-thread' && op.kind !== 'reply' && op.kind !== 'edit') return null;
    return html`<blockquote class="comments-panel__refused-text">${op.body}</blockquote>`;
  }

  private renderDraft() {
    if (this.draft === null && this.notice !== null) {
      return html`<p class="comments-panel__hint" role="status">${this.notice}</p>`;
    }
    if (this.draft === null) {
      return html`<p class="comments-panel__hint">
        ${
          this.canCommentNow
            ? 'Select a passage, then press Comment (Ctrl+Alt+M).'
            : this.capabilities?.canCommentInRound === true
              ? 'Readers can comment while the owner has sent a draft for review.'
              : null
        }
      </p>`;
    }
    return html`<form class="comment-form comments-panel__draft" @submit=${this.onDraftSubmit}>
      <p class="comments-panel__draft-quote">Comment on “${this.draft.quote}”</p>
      <mention-field name="body" label="New comment" rows="3" .names=${this.memberNames}></mention-field>
      <div class="comment-form__buttons">
        <button type="submit" class="button button--primary">Comment</button>
        <button type="button" class="button" @click=${() => this.emit('comment-draft-cancel', {})}>
          Cancel
        </button>
      </div>
    </form>`;
  }

  private renderRoundForm() {
    if (this.capabilities?.canManageRounds !== true || this.openRound !== null) {
      return this.roundError === null
        ? null
        : html`<p class="form-error" role="alert">${this.roundError}</p>`;
    }
    return html`<details class="comments-panel__round">
      <summary>Send draft to readers</summary>
      <form class="comments-panel__round-form" @submit=${this.onRoundSubmit}>
        <label
          >Title <input name="title" type="text" required maxlength="200" placeholder="e.g. First readers"
        /></label>
        <label>Ends (optional) <input name="endsAt" type="datetime-local" /></label>
        <button type="submit" class="button button--primary" ?disabled=${this.isRoundBusy}>
          Send to readers
        </button>
      </form>
      ${this.roundError === null ? null : html`<p class="form-error" role="alert">${this.roundError}</p>`}
    </details>`;
  }

  private readonly onDraftSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const body = new FormData(form).get('body');
    if (typeof body !== 'string' || body.trim() === '') return;
    this.emit('comment-create', { body });
    form.reset();
  };

  private readonly onRoundSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const title = String(data.get('title') ?? '').trim();
    const endsAtLocal = String(data.get('endsAt') ?? '');
    if (title === '') return;
    // datetime-local is in the reader's zone; the API wants an ISO time with its offset.
    const endsAt = endsAtLocal === '' ? null : new Date(endsAtLocal).toISOString();
    this.emit('round-open', { title, endsAt });
    form.reset();
  };

  private emit<K extends keyof CommentsPanelEvents>(type: K, detail: CommentsPanelEvents[K]): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true }));
  }
}

export interface CommentsPanelEvents {
  'comments-close': Record<string, never>;
  'comments-filter': { filter: ThreadFilter };
  'comment-create': { body: string };
  'comment-draft-cancel': Record<string, never>;
  'refusal-dismiss': { seq: number };
  'round-open': { title: string; endsAt: string | null };
}

declare global {
  interface HTMLElementTagNameMap {
    'comments-panel': CommentsPanel;
  }
  interface HTMLElementEventMap {
    'comments-close': CustomEvent<CommentsPanelEvents['comments-close']>;
    'comments-filter': CustomEvent<CommentsPanelEvents['comments-filter']>;
    'comment-create': CustomEvent<CommentsPanelEvents['comment-create']>;
    'comment-draft-cancel': CustomEvent<CommentsPanelEvents['comment-draft-cancel']>;
    'refusal-dismiss': CustomEvent<CommentsPanelEvents['refusal-dismiss']>;
    'round-open': CustomEvent<CommentsPanelEvents['round-open']>;
  }
}

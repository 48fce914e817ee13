import type { ThreadStatus } from '@wethink/shared/client';
import { LitElement, html, type PropertyValues } from 'lit';
import { mentionSegments } from '../comments/mentions';
import { statusOf, type CommentEntry, type ThreadEntry } from '../comments/thread-list';

/** A comment's plain text with `@Name` mentions as spans: text bindings only, never markup. */
export function renderCommentBody(body: string, names: readonly string[]) {
  return mentionSegments(body, names).map((segment) =>
    segment.isMention ? html`<span class="mention">${segment.text}</span>` : segment.text,
  );
}

function shortTime(iso: string): string {
  return new Date(iso).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * One thread in the comments panel: the passage it is about (a button that jumps there), its
 * comments with their authors, edit and delete for one's own, a reply box, resolve or reopen.
 * A resolved thread shows collapsed (its passage, "Resolved", how many comments) until opened or
 * focused. What is still being sent from this device says so. Reports everything upward as events.
 */
export class CommentThread extends LitElement {
  static override properties = {
    entry: { attribute: false },
    isOrphaned: { type: Boolean, attribute: 'orphaned' },
    isFocused: { type: Boolean, attribute: 'focused', reflect: true },
    userId: { attribute: 'user-id' },
    canReply: { type: Boolean, attribute: 'can-reply' },
    canEdit: { type: Boolean, attribute: 'can-edit' },
    canResolve: { type: Boolean, attribute: 'can-resolve' },
    canDeleteAny: { type: Boolean, attribute: 'can-delete-any' },
    mentionNames: { attribute: false },
    memberNames: { attribute: false },
    editingId: { state: true },
    isExpanded: { state: true },
  };

  declare entry: ThreadEntry | null;
  declare isOrphaned: boolean;
  declare isFocused: boolean;
  declare userId: string;
  declare canReply: boolean;
  /** Edit one's own comments: whoever may write comments now (a reader only during a round). */
  declare canEdit: boolean;
  declare canResolve: boolean;
  declare canDeleteAny: boolean;
  declare mentionNames: readonly string[];
  /** Members the reply and edit boxes offer after `@`. */
  declare memberNames: readonly string[];
  declare editingId: string | null;
  /** A resolved thread opened to read; open threads always show their comments. */
  declare isExpanded: boolean;

  constructor() {
    super();
    this.entry = null;
    this.isOrphaned = false;
    this.isFocused = false;
    this.userId = '';
    this.canReply = false;
    this.canEdit = false;
    this.isExpanded = false;
    this.canResolve = false;
    this.canDeleteAny = false;
    this.mentionNames = [];
    this.memberNames = [];
    this.editingId = null;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Focused (picked in the panel, or opened from a notification): show it all. Just resolved: fold.
    if (changed.has('isFocused') && this.isFocused) this.isExpanded = true;
    const previous = changed.get('entry');
    if (
      this.entry !== null &&
      previous != null &&
      statusOf(previous) === 'open' &&
      statusOf(this.entry) === 'resolved'
    )
      this.isExpanded = false;
  }

  protected override render() {
    const entry = this.entry;
    if (entry === null) return null;
    const { thread } = entry;
    const status = statusOf(entry);
    const isCollapsed = status === 'resolved' && !this.isExpanded;
    return html`<article
      class="comment-thread comment-thread--${status}"
      data-thread-id=${thread.id}
      data-status=${status}
      aria-label="Thread on “${thread.quote}”"
    >
      <button
        type="button"
        class="comment-thread__quote"
        title=${this.isOrphaned ? 'The passage was deleted' : 'Go to the passage'}
        @click=${() => this.emit('thread-select', { threadId: thread.id })}
      >
        “${thread.quote}”
      </button>
      <p class="comment-thread__state">
        ${status === 'resolved' ? html`<span class="comment-thread__resolved">Resolved</span>` : null}
        ${entry.pendingStatus === null ? null : html`<span class="sending">sending…</span>`}
        ${status === 'resolved' ? this.renderFoldButton(entry.comments.length) : null}
      </p>
      ${
        isCollapsed
          ? null
          : html`<ol class="comment-thread__comments">
              ${entry.comments.map((comment) => this.renderComment(comment))}
            </ol>`
      }
      ${this.canReply && !entry.isSending && !isCollapsed ? this.renderReplyForm() : null}
      ${this.canResolve && !entry.isSending ? this.renderStatusButton(status) : null}
    </article>`;
  }

  private renderComment(entry: CommentEntry) {
    const { comment } = entry;
    const isOwn = comment.authorId === this.userId;
    const isDeleted = comment.deletedAt !== null || entry.isDeleting;
    const body = entry.pendingBody ?? comment.body;
    const sending = entry.isSending || entry.pendingBody !== null || entry.isDeleting;
    return html`<li class="comment" data-comment-id=${comment.id} data-author=${comment.authorName}>
      <header class="comment__header">
        <strong class="comment__author">${comment.authorName}</strong>
        <time datetime=${comment.createdAt}>${shortTime(comment.createdAt)}</time>
        ${comment.editedAt !== null && !isDeleted ? html`<span class="comment__edited">edited</span>` : null}
        ${sending ? html`<span class="sending">sending…</span>` : null}
      </header>
      ${
        isDeleted
          ? html`<p class="comment__deleted">Comment deleted</p>`
          : this.editingId === comment.id
            ? this.renderEditForm(comment.id, body)
            : html`<p class="comment__body">${renderCommentBody(body, this.mentionNames)}</p>`
      }
      ${
        isDeleted || entry.isSending || this.editingId === comment.id
          ? null
          : html`<div class="comment__actions">
              ${isOwn && this.canEdit ? html`<button type="button" class="link-button" @click=${() => (this.editingId = comment.id)}>Edit</button>` : null}
              ${
                isOwn || this.canDeleteAny
                  ? html`<button type="button" class="link-button" @click=${() => this.onDelete(comment.id)}>
                      Delete
                    </button>`
                  : null
              }
            </div>`
      }
    </li>`;
  }

  private renderFoldButton(count: number) {
    const comments = count === 1 ? '1 comment' : `${String(count)} comments`;
    return html`<button
      type="button"
      class="link-button comment-thread__fold"
      aria-expanded=${String(this.isExpanded)}
      @click=${() => (this.isExpanded = !this.isExpanded)}
    >
      ${this.isExpanded ? 'Hide' : 'Show'} ${comments}
    </button>`;
  }

  private renderEditForm(commentId: string, body: string) {
    return html`<form
      class="comment-form"
      @submit=${(event: SubmitEvent) => this.onEditSubmit(event, commentId)}
    >
      <mention-field
        name="body"
        label="Edit your comment"
        rows="3"
        .value=${body}
        .names=${this.memberNames}
      ></mention-field>
      <div class="comment-form__buttons">
        <button type="submit" class="button">Save</button>
        <button type="button" class="button" @click=${() => (this.editingId = null)}>Cancel</button>
      </div>
    </form>`;
  }

  private renderReplyForm() {
    return html`<form class="comment-form" @submit=${this.onReplySubmit}>
      <mention-field
        name="body"
        label="Reply"
        placeholder="Reply…"
        rows="2"
        .names=${this.memberNames}
      ></mention-field>
      <div class="comment-form__buttons"><button type="submit" class="button">Reply</button></div>
    </form>`;
  }

  private renderStatusButton(status: ThreadStatus) {
    const next: ThreadStatus = status === 'open' ? 'resolved' : 'open';
    return html`<button
      type="button"
      class="button comment-thread__status-button"
      @click=${() => this.emit('thread-status', { threadId: this.entry?.thread.id ?? '', status: next })}
    >
      ${status === 'open' ? 'Resolve' : 'Reopen'}
    </button>`;
  }

  private readonly onReplySubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const body = new FormData(form).get('body');
    if (typeof body !== 'string' || body.trim() === '' || this.entry === null) return;
    this.emit('comment-reply', { threadId: this.entry.thread.id, body });
    form.reset();
  };

  private onEditSubmit(event: SubmitEvent, commentId: string): void {
    event.preventDefault();
    const body = new FormData(event.target as HTMLFormElement).get('body');
    if (typeof body !== 'string' || body.trim() === '' || this.entry === null) return;
    this.editingId = null;
    this.emit('comment-edit', { threadId: this.entry.thread.id, commentId, body });
  }

  private onDelete(commentId: string): void {
    if (this.entry !== null) this.emit('comment-delete', { threadId: this.entry.thread.id, commentId });
  }

  private emit<K extends keyof CommentThreadEvents>(type: K, detail: CommentThreadEvents[K]): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true }));
  }
}

export interface CommentThreadEvents {
  'thread-select': { threadId: string };
  'thread-status': { threadId: string; status: ThreadStatus };
  'comment-reply': { threadId: string; body: string };
  'comment-edit': { threadId: string; commentId: string; body: string };
  'comment-delete': { threadId: string; commentId: string };
}

declare global {
  interface HTMLElementTagNameMap {
    'comment-thread': CommentThread;
  }
  interface HTMLElementEventMap {
    'thread-select': CustomEvent<CommentThreadEvents['thread-select']>;
    'thread-status': CustomEvent<CommentThreadEvents['thread-status']>;
    'comment-reply': CustomEvent<CommentThreadEvents['comment-reply']>;
    'comment-edit': CustomEvent<CommentThreadEvents['comment-edit']>;
    'comment-delete': CustomEvent<CommentThreadEvents['comment-delete']>;
  }
}

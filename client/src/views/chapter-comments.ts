import type { CommentAnchor, Role } from '@wethink/shared/client';
import { html, type ReactiveController, type ReactiveControllerHost } from 'lit';
import { commentCapabilitiesOf } from '../account/capabilities';
import type { ChapterRef } from '../api/api-client';
import type { CollabSession } from '../collab/collab-session';
import { CommentsController, type CommentServices, type CommentsUser } from '../comments/comments-controller';
import {
  ALL_THREADS,
  EMPTY_LAYOUT,
  arrangeThreads,
  statusOf,
  type ThreadFilter,
  type ThreadLayout,
} from '../comments/thread-list';
import type { BookEditor } from '../editor/book-editor';
import type { CommentHighlights } from '../editor/plugins/comment-highlights';

/** What the app gives the chapter view for its comments. */
export interface ChapterCommenting {
  services: CommentServices;
  /** The chapter's comments document (read-only). */
  session: CollabSession | null;
  user: CommentsUser | null;
  /** A thread to open the chapter on (a notification, a shared link); null: none. */
  requestedThreadId: string | null;
  /** Counts the server's "members changed" notices: a new value fetches the names to mention again. */
  membersRevision: number;
}

/** Everything the comments depend on; given before each render. */
export interface ChapterCommentsContext extends Omit<ChapterCommenting, 'services'> {
  chapter: ChapterRef;
  role: Role | null;
}

/**
 * The chapter view's comments parts: the header's "Comment" and "Comments" buttons, the review
 * round banner, the panel beside the editor, and the editor's highlights. Holds the page's state
 * (panel open, the draft's anchor, filter, focused thread, the editor's passage layout); the
 * comments themselves come from a `CommentsController`. Shows nothing until first followed.
 */
export class ChapterComments implements ReactiveController {
  isOpen = false;
  draft: { anchor: CommentAnchor; quote: string } | null = null;
  filter: ThreadFilter = ALL_THREADS;
  focusedThreadId: string | null = null;
  layout: ThreadLayout = EMPTY_LAYOUT;
  notice: string | null = null;
  readonly data: CommentsController;
  private context: ChapterCommentsContext | null = null;
  private requested: string | null = null;
  private toReveal: string | null = null;
  private highlightsMemo: { key: readonly unknown[]; value: CommentHighlights } | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    services: () => CommentServices | null,
    private readonly getEditor: () => BookEditor | null,
  ) {
    this.data = new CommentsController(host, services);
    host.addController(this);
  }

  follow(context: ChapterCommentsContext): void {
    const previous = this.context?.chapter;
    if (previous?.bookId !== context.chapter.bookId || previous.chapterId !== context.chapter.chapterId) {
      this.draft = null;
      this.focusedThreadId = null;
      this.layout = EMPTY_LAYOUT;
    }
    this.context = context;
    this.data.follow(context.chapter, context.session, context.user, context.membersRevision);
    if (context.requestedThreadId !== this.requested) {
      this.requested = context.requestedThreadId;
      if (this.requested !== null) {
        this.isOpen = true;
        this.focusedThreadId = this.requested;
        this.toReveal = this.requested;
      }
    }
  }

  hostUpdated(): void {
    // A requested thread is revealed once the editor has placed its passage.
    if (this.toReveal === null) return;
    if (this.layout.orphaned.has(this.toReveal) || this.getEditor()?.revealThread(this.toReveal) === true) {
      this.toReveal = null;
    }
  }

  /** What the editor highlights: every thread, with the focused one marked. */
  get highlights(): CommentHighlights | null {
    if (this.context === null) return null;
    const entries = this.data.entries;
    const key = [entries, this.focusedThreadId] as const;
    if (this.highlightsMemo !== null && this.highlightsMemo.key.every((part, index) => part === key[index])) {
      return this.highlightsMemo.value;
    }
    const threads = entries.map((entry) => ({
      id: entry.thread.id,
      anchor: entry.thread.anchor,
      kind: entry.isSending ? ('pending' as const) : statusOf(entry),
    }));
    const value = { threads, focusedId: this.focusedThreadId };
    this.highlightsMemo = { key, value };
    return value;
  }

  private get capabilities() {
    return commentCapabilitiesOf(this.context?.role ?? null);
  }

  private get canCommentNow(): boolean {
    const caps = this.capabilities;
    return caps.canComment || (caps.canCommentInRound && this.data.openRound !== null);
  }

  renderButtons() {
    if (this.context === null) return null;
    const { open } = arrangeThreads(this.data.entries, this.layout, ALL_THREADS, '').counts;
    return html`${
        this.canCommentNow
          ? html`<button
              type="button"
              class="button"
              title="Comment on the selected passage (Ctrl+Alt+M)"
              @click=${this.startComment}
            >
              Comment
            </button>`
          : null
      }
      <button
        type="button"
        class="button button--toggle"
        aria-expanded=${String(this.isOpen)}
        @click=${this.toggle}
      >
        Comments${open === 0 ? null : html` <span class="count-badge">${open}</span>`}
      </button>`;
  }

  renderBanner() {
    if (this.context === null) return null;
    const caps = this.capabilities;
    return html`<round-banner
      .round=${this.data.openRound}
      ?can-manage=${caps.canManageRounds}
      ?reader=${caps.canCommentInRound}
      ?busy=${this.data.isRoundBusy}
      @round-close=${(event: CustomEvent<{ roundId: string }>) => void this.data.closeRound(event.detail.roundId)}
    ></round-banner>`;
  }

  renderPanel() {
    if (!this.isOpen) return null;
    const data = this.data;
    const userId = this.context?.user?.id ?? '';
    const connection = this.context?.session?.state.connection;
    return html`<comments-panel
      class="chapter-view__comments"
      .list=${arrangeThreads(data.entries, this.layout, this.filter, userId)}
      .refusals=${data.refusals}
      user-id=${userId}
      .capabilities=${this.capabilities}
      ?can-comment-now=${this.canCommentNow}
      .mentionNames=${data.mentionNames}
      .memberNames=${data.memberNames}
      .focusedThreadId=${this.focusedThreadId}
      .rounds=${data.snapshot.rounds}
      .openRound=${data.openRound}
      .filter=${this.filter}
      .draft=${this.draft}
      .notice=${this.notice}
      .roundError=${data.roundError}
      ?round-busy=${data.isRoundBusy}
      ?offline=${connection === 'offline' || data.outboxState.isWaiting}
      @comments-close=${this.toggle}
      @comments-filter=${(event: CustomEvent<{ filter: ThreadFilter }>) => this.set({ filter: event.detail.filter })}
      @comment-create=${this.onCreate}
      @comment-draft-cancel=${() => this.set({ draft: null })}
      @refusal-dismiss=${(event: CustomEvent<{ seq: number }>) => data.dismiss(event.detail.seq)}
      @round-open=${(event: CustomEvent<{ title: string; endsAt: string | null }>) =>
        void data.startRound({
          title: event.detail.title,
          ...(event.detail.endsAt === null ? {} : { endsAt: event.detail.endsAt }),
        })}
      @thread-select=${(event: CustomEvent<{ threadId: string }>) => this.select(event.detail.threadId)}
      @thread-status=${(event: CustomEvent<{ threadId: string; status: 'open' | 'resolved' }>) =>
        data.setStatus(event.detail.threadId, event.detail.status)}
      @comment-reply=${(event: CustomEvent<{ threadId: string; body: string }>) => data.reply(event.detail.threadId, event.detail.body)}
      @comment-edit=${(event: CustomEvent<{ threadId: string; commentId: string; body: string }>) =>
        data.edit(event.detail.threadId, event.detail.commentId, event.detail.body)}
      @comment-delete=${(event: CustomEvent<{ threadId: string; commentId: string }>) =>
        data.remove(event.detail.threadId, event.detail.commentId)}
    ></comments-panel>`;
  }

  /** Starts a comment on the editor's selection (the button, or Mod-Alt-m in the editor). */
  readonly startComment = () => {
    if (!this.canCommentNow) return;
    const selected = this.getEditor()?.commentAnchor() ?? null;
    this.set(
      selected === null
        ? { isOpen: true, notice: 'Select the passage you want to comment on first.' }
        : { isOpen: true, draft: selected, notice: null },
    );
  };

  /** The editor moved passages around (edits, new threads): the panel follows their order. */
  readonly onLayout = (event: CustomEvent<ThreadLayout>) => this.set({ layout: event.detail });

  /** A click on a highlighted passage focuses its thread in the panel. */
  readonly onHighlightClick = (event: CustomEvent<{ threadId: string }>) =>
    this.set({ isOpen: true, focusedThreadId: event.detail.threadId });

  close(): void {
    this.set({ isOpen: false });
  }

  private readonly toggle = () => this.set({ isOpen: !this.isOpen });

  private select(threadId: string): void {
    this.set({ focusedThreadId: threadId });
    this.getEditor()?.revealThread(threadId);
  }

  private readonly onCreate = (event: CustomEvent<{ body: string }>) => {
    const draft = this.draft;
    if (draft === null) return;
    const threadId = this.data.createThread(draft.anchor, draft.quote, event.detail.body);
    this.set({ draft: null, focusedThreadId: threadId ?? this.focusedThreadId });
  };

  private set(
    patch: Partial<
      Pick<ChapterComments, 'isOpen' | 'draft' | 'filter' | 'focusedThreadId' | 'layout' | 'notice'>
    >,
  ) {
    Object.assign(this, patch);
    this.host.requestUpdate();
  }
}

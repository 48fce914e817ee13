import { chapterFragment, Role } from '@wethink/shared/client';
import { LitElement, html, nothing, type PropertyValues } from 'lit';
import type { ApiClient } from '../api/api-client';
import { ApiError } from '../api/api-error';
import type { CollabSession, SessionOptions } from '../collab/collab-session';
import { SessionController } from '../collab/session-controller';
import { chapterDocName, chapterPath, publicDraftPath, signInPath } from '../app/route';

/** Who reads a public draft: nobody in particular, read-only, announcing nothing. */
const PUBLIC_READER: SessionOptions['user'] = {
  id: '',
  name: '',
  color: '#888888',
  colorLight: '#88888833',
  role: Role.reader,
};

/**
 * A review round's public draft (`/p/<book>/<chapter>/<code>`): the chapter read live without an
 * account through `?public=<code>` (read-only; no cursors either way). A signed-in visitor joins the
 * book as a reader of the round to comment and suggest; anyone else is offered to sign up first.
 * Reports `public-joined` with the chapter's path once joined.
 */
export class PublicChapterView extends LitElement {
  static override properties = {
    bookId: { attribute: 'book-id' },
    chapterId: { attribute: 'chapter-id' },
    code: {},
    api: { attribute: false },
    openSession: { attribute: false },
    isSignedIn: { type: Boolean, attribute: 'signed-in' },
    error: { state: true },
    session: { state: true },
  };

  declare bookId: string;
  declare chapterId: string;
  declare code: string;
  declare api: ApiClient | null;
  declare openSession: ((docName: string, options: SessionOptions) => CollabSession) | null;
  declare isSignedIn: boolean;
  declare error: string | null;
  declare session: CollabSession | null;
  private readonly connection = new SessionController(
    this,
    () => this.session,
    ({ connection }) => ({ connection }),
  );

  constructor() {
    super();
    this.bookId = '';
    this.chapterId = '';
    this.code = '';
    this.api = null;
    this.openSession = null;
    this.isSignedIn = false;
    this.error = null;
    this.session = null;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.close();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const isNewDraft = changed.has('bookId') || changed.has('chapterId') || changed.has('code');
    if ((isNewDraft || this.session === null) && this.openSession !== null && this.code !== '') {
      this.close();
      this.session = this.openSession(chapterDocName(this.bookId, this.chapterId), {
        user: PUBLIC_READER,
        presence: null,
        isReadOnlyDoc: true,
        params: { public: this.code },
      });
    }
  }

  protected override render() {
    const session = this.session;
    const state = this.connection.state;
    const isGone = state?.connection === 'refused';
    const here = publicDraftPath(this.bookId, this.chapterId, this.code);
    return html`<main class="page public-draft">
      <header class="public-draft__header">
        <h1>A draft open for readers</h1>
        ${
          this.isSignedIn
            ? html`<button type="button" class="button" @click=${this.join}>
                Join to comment and suggest
              </button>`
            : html`<a class="button" href=${signInPath(here, 'sign-up')}>Sign up to comment</a>`
        }
      </header>
      ${this.error === null ? nothing : html`<p class="public-draft__error" role="alert">${this.error}</p>`}
      ${
        isGone
          ? html`<p role="alert">
              This link no longer opens the draft: the round was closed or the link withdrawn.
            </p>`
          : nothing
      }
      <book-editor
        class="public-draft__text"
        read-only
        .fragment=${session === null ? null : chapterFragment(session.ydoc)}
        .awareness=${session?.awareness ?? null}
      ></book-editor>
    </main>`;
  }

  private readonly join = async () => {
    if (this.api === null) return;
    this.error = null;
    const chapter = { bookId: this.bookId, chapterId: this.chapterId };
    try {
      await this.api.joinPublic(chapter, this.code);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.error = error.message;
      return;
    }
    const detail = { path: chapterPath(this.bookId, this.chapterId) };
    this.dispatchEvent(new CustomEvent('public-joined', { detail, bubbles: true }));
  };

  private close(): void {
    this.session?.destroy();
    this.session = null;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'public-chapter-view': PublicChapterView;
  }
  interface HTMLElementEventMap {
    'public-joined': CustomEvent<{ path: string }>;
  }
}

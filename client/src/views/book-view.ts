import type { Role } from '@wethink/shared/client';
import { LitElement, html } from 'lit';
import { capabilitiesOf } from '../account/capabilities';
import { contentsPath, creditsPath, membersPath } from '../app/route';
import type { ApiClient } from '../api/api-client';
import type { BookInfo } from '../book/book-index';
import type { ChapterPeople } from '../components/chapter-list';
import type { CollabSession } from '../collab/collab-session';
import { formatCount } from '../format/counts';

// Export and import (dialogs, a version picker) are a chunk of their own, fetched when a book page
// first shows: the start and sign-in pages stay small (e2e bundle spec). Lit keeps properties set
// on the elements before they are defined and applies them on upgrade.
let bookFilesChunk: Promise<void> | null = null;
const loadBookFiles = (): Promise<void> =>
  (bookFilesChunk ??= import('../components/book-files-elements').then(({ bookFilesElements }) => {
    for (const [tag, element] of Object.entries(bookFilesElements)) {
      if (!customElements.get(tag)) customElements.define(tag, element);
    }
  }));

/** A book's front page: its title, chapters and word counts, and a way to the people in it. */
export class BookView extends LitElement {
  static override properties = {
    bookId: { attribute: 'book-id' },
    book: { attribute: false },
    indexSession: { attribute: false },
    memberRole: { attribute: false },
    purgeError: { attribute: false },
    purging: { attribute: false },
    api: { attribute: false },
    people: { attribute: false },
  };

  declare bookId: string;
  declare book: BookInfo | null;
  /** The book's index document, whose save state the page shows. */
  declare indexSession: CollabSession | null;
  /** The signed-in member's role in this book; null while not known (read-only). */
  declare memberRole: Role | null;
  /** Why the owner's last purge from the trash failed, if it did. */
  declare purgeError: string | null;
  /** The chapter being deleted for good, while the server works on it. */
  declare purging: string | null;
  /** The server's API, for searching the book. */
  declare api: ApiClient | null;
  /** Who is in which chapter now (book-level presence). */
  declare people: ChapterPeople | null;

  constructor() {
    super();
    this.bookId = '';
    this.book = null;
    this.indexSession = null;
    this.memberRole = null;
    this.purgeError = null;
    this.purging = null;
    this.api = null;
    this.people = null;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void loadBookFiles();
  }

  protected override render() {
    const book = this.book;
    if (book === null) return null;
    const { canWrite, badge } = capabilitiesOf(this.memberRole);
    return html`<main class="page book-view">
      <p class="breadcrumb"><a href="/">wethink</a></p>
      <inline-title
        class="page__title"
        label="Book title"
        .value=${book.title}
        ?read-only=${!canWrite}
        @title-change=${(event: CustomEvent<{ title: string }>) => this.rename(event.detail.title)}
      ></inline-title>
      <p class="book-view__links">
        <a href=${contentsPath(this.bookId)}>Contents</a>
        <a href=${membersPath(this.bookId)}>People and invites</a>
        <a href=${creditsPath(this.bookId)}>Credits</a>
        <export-dialog .bookId=${this.bookId} .chapters=${book.chapters}></export-dialog>
        ${canWrite ? html`<import-entry .bookId=${this.bookId}></import-entry>` : null}
        ${badge === null ? null : html`<role-badge .memberRole=${this.memberRole}></role-badge>`}
      </p>
      <p class="book-view__total" data-testid="book-word-count">
        ${formatCount(book.wordCount, 'word')} in ${book.chapters.length}
        ${book.chapters.length === 1 ? 'chapter' : 'chapters'}
      </p>
      <session-status .session=${this.indexSession}></session-status>
      <book-search .bookId=${this.bookId} .api=${this.api}></book-search>
      <chapter-list
        .bookId=${this.bookId}
        .book=${book}
        .currentChapterId=${null}
        .people=${this.people}
        .canCreate=${canWrite}
        .canRestructure=${canWrite}
      ></chapter-list>
      <chapter-trash
        .trash=${book.trash}
        .canRestore=${canWrite}
        .canPurge=${this.memberRole === 'owner'}
        .error=${this.purgeError}
        .purging=${this.purging}
      ></chapter-trash>
    </main>`;
  }

  private rename(title: string): void {
    this.dispatchEvent(new CustomEvent('book-rename', { detail: { title }, bubbles: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'book-view': BookView;
  }
  interface HTMLElementEventMap {
    'book-rename': CustomEvent<{ title: string }>;
  }
}

import { MAX_CHAPTERS, stepTarget, type MoveTarget } from '@wethink/shared/client';
import { LitElement, html, nothing } from 'lit';
import { chapterPath } from '../app/route';
import type { BookInfo, ChapterEntry } from '../book/book-index';
import { formatNumber } from '../format/counts';
import { chapterListStyles } from './chapter-list-styles';

function formatCount(count: number): string {
  return `${formatNumber(count)} ${count === 1 ? 'word' : 'words'}`;
}

/** Who is in each chapter now (book-level presence): chapter id → names. */
export type ChapterPeople = ReadonlyMap<string, readonly { name: string; color: string }[]>;

const DRAG_TYPE = 'application/x-wethink-chapter';

/**
 * A book's table of contents as links: parts with their chapters, word counts, who is in each
 * chapter now. Writers reorder by dragging or with Alt+Arrow keys on a chapter, make and rename
 * parts and move chapters to the trash; every change is reported upward as an event.
 */
export class ChapterList extends LitElement {
  static override properties = {
    bookId: { attribute: 'book-id' },
    book: { attribute: false },
    people: { attribute: false },
    currentChapterId: { attribute: 'current-chapter-id' },
    canCreate: { type: Boolean, attribute: 'can-create' },
    canRestructure: { type: Boolean, attribute: 'can-restructure' },
    announcement: { state: true },
  };

  declare bookId: string;
  declare book: BookInfo | null;
  declare people: ChapterPeople | null;
  declare currentChapterId: string | null;
  declare canCreate: boolean;
  declare canRestructure: boolean;
  declare announcement: string;

  /** The book holds as many chapters as the server allows (the trash counts). */
  private get isFull(): boolean {
    return (this.book?.chapters.length ?? 0) + (this.book?.trash.length ?? 0) >= MAX_CHAPTERS;
  }
  /** The chapter moved with the keyboard: it keeps the focus once the list has re-rendered. */
  private focusAfterMove: string | null = null;

  static override styles = chapterListStyles;

  constructor() {
    super();
    this.bookId = '';
    this.book = null;
    this.people = null;
    this.currentChapterId = null;
    this.canCreate = true;
    this.canRestructure = false;
    this.announcement = '';
  }

  protected override render() {
    const book = this.book;
    if (book === null) return nothing;
    const byId = new Map(book.chapters.map((chapter) => [chapter.id, chapter]));
    return html`<nav aria-label="Chapters">
      <ol
        class="toc"
        @dragover=${this.onDragOver}
        @drop=${(event: DragEvent) => this.onDrop(event, null, null)}
      >
        ${book.toc.map((item) => {
          if (item.kind === 'chapter') {
            const chapter = byId.get(item.id);
            return chapter ? this.renderChapter(chapter) : nothing;
          }
          const part = book.parts.find((entry) => entry.id === item.id);
          if (!part) return nothing;
          return html`<li class="part" data-part-id=${part.id}>
            <div
              class="part__head"
              @dragover=${this.onDragOver}
              @drop=${(event: DragEvent) => this.onDrop(event, part.id, null)}
            >
              <inline-title
                class="part__title"
                label="Part title"
                .value=${part.title}
                ?read-only=${!this.canRestructure}
                @title-change=${(event: CustomEvent<{ title: string }>) =>
                  this.emit('part-rename', { partId: part.id, title: event.detail.title })}
              ></inline-title>
              ${
                this.canRestructure
                  ? html`<button
                      type="button"
                      class="icon"
                      aria-label="Remove part ${part.title} (its chapters stay)"
                      @click=${() => this.emit('part-delete', { partId: part.id })}
                    >
                      ✕
                    </button>`
                  : nothing
              }
            </div>
            <ol>
              ${part.chapterIds.map((id) => {
                const chapter = byId.get(id);
                return chapter ? this.renderChapter(chapter) : nothing;
              })}
            </ol>
          </li>`;
        })}
      </ol>
      ${
        this.canRestructure
          ? html`<p class="hint">Drag chapters, or Alt+↑ / Alt+↓ on a chapter, to reorder.</p>`
          : nothing
      }
      <p class="visually-hidden" role="status" aria-live="polite">${this.announcement}</p>
      <div class="actions">
        ${
          this.canCreate
            ? this.isFull
              ? html`<button type="button" disabled aria-describedby="chapter-list-full">New chapter</button>
                  <p class="hint" id="chapter-list-full">
                    A book holds at most ${formatNumber(MAX_CHAPTERS)} chapters, its trash included.
                  </p>`
              : html`<button type="button" @click=${() => this.emit('chapter-create', undefined)}>
                  New chapter
                </button>`
            : nothing
        }
        ${
          this.canRestructure
            ? html`<button type="button" @click=${() => this.emit('part-create', undefined)}>
                New part
              </button>`
            : nothing
        }
      </div>
    </nav>`;
  }

  private renderChapter(chapter: ChapterEntry) {
    const people = this.people?.get(chapter.id) ?? [];
    return html`<li
      class="chapter"
      data-chapter-id=${chapter.id}
      draggable=${this.canRestructure ? 'true' : 'false'}
      @dragstart=${(event: DragEvent) => this.onDragStart(event, chapter.id)}
      @dragover=${this.onDragOver}
      @drop=${(event: DragEvent) => this.onDrop(event, chapter.partId, chapter.id)}
    >
      <a
        href=${chapterPath(this.bookId, chapter.id)}
        data-chapter-id=${chapter.id}
        aria-current=${chapter.id === this.currentChapterId ? 'page' : 'false'}
        aria-keyshortcuts=${this.canRestructure ? 'Alt+ArrowUp Alt+ArrowDown' : nothing}
        @keydown=${(event: KeyboardEvent) => this.onKeyDown(event, chapter.id)}
        ><span class="title">${chapter.title}</span>
        ${
          people.length > 0
            ? html`<span
                class="people"
                data-testid="chapter-people"
                title=${people.map((p) => p.name).join(', ')}
                >${people.map(
                  (person) =>
                    html`<span class="person" style="background:${person.color}" aria-label=${person.name}
                      >${person.name.slice(0, 1)}</span
                    >`,
                )}</span
              >`
            : nothing
        }
        <span class="count">${formatCount(chapter.wordCount)}</span></a
      >
      ${
        this.canRestructure
          ? html`<button
              type="button"
              class="icon"
              aria-label="Move ${chapter.title} to the trash"
              @click=${() => this.emit('chapter-trash', { chapterId: chapter.id })}
            >
              Trash
            </button>`
          : nothing
      }
    </li>`;
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    // Wait for the list that shows the move (the index change arrives as a new `book`).
    if (this.focusAfterMove === null || !changed.has('book')) return;
    const link = this.renderRoot.querySelector<HTMLElement>(`a[data-chapter-id="${this.focusAfterMove}"]`);
    this.focusAfterMove = null;
    link?.focus();
  }

  private onKeyDown(event: KeyboardEvent, chapterId: string): void {
    if (!this.canRestructure || !event.altKey || this.book === null) return;
    if (event.key !== 'ArrowUp' && event.key !== 'ArrowDown') return;
    event.preventDefault();
    const target = stepTarget(this.book, chapterId, event.key === 'ArrowUp' ? 'up' : 'down');
    if (target === null) return;
    this.focusAfterMove = chapterId;
    this.move(chapterId, target);
  }

  private onDragStart(event: DragEvent, chapterId: string): void {
    if (!this.canRestructure || event.dataTransfer === null) return;
    event.dataTransfer.setData(DRAG_TYPE, chapterId);
    event.dataTransfer.effectAllowed = 'move';
  }

  private readonly onDragOver = (event: DragEvent) => {
    if (!this.canRestructure || !event.dataTransfer?.types.includes(DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'move';
  };

  /** A drop on a chapter goes before it; on a part's head, to the part's end; elsewhere, to the book's end. */
  private onDrop(event: DragEvent, partId: string | null, beforeId: string | null): void {
    const chapterId = event.dataTransfer?.getData(DRAG_TYPE);
    if (!this.canRestructure || !chapterId) return;
    event.preventDefault();
    event.stopPropagation();
    if (chapterId === beforeId) return;
    this.move(chapterId, { partId, beforeId });
  }

  private move(chapterId: string, target: MoveTarget): void {
    this.emit('chapter-move', { chapterId, target });
    const book = this.book;
    const title = book?.chapters.find((chapter) => chapter.id === chapterId)?.title ?? 'Chapter';
    const partTitle = book?.parts.find((part) => part.id === target.partId)?.title;
    this.announcement = `Moved ${title}${partTitle ? ` in ${partTitle}` : ''}`;
  }

  private emit<K extends keyof ChapterListEvents>(type: K, detail: ChapterListEvents[K]): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

interface ChapterListEvents {
  'chapter-create': undefined;
  'chapter-move': { chapterId: string; target: MoveTarget };
  'chapter-trash': { chapterId: string };
  'part-create': undefined;
  'part-rename': { partId: string; title: string };
  'part-delete': { partId: string };
}

declare global {
  interface HTMLElementTagNameMap {
    'chapter-list': ChapterList;
  }
  interface HTMLElementEventMap {
    'chapter-create': CustomEvent<undefined>;
    'chapter-move': CustomEvent<{ chapterId: string; target: MoveTarget }>;
    'chapter-trash': CustomEvent<{ chapterId: string }>;
    'part-create': CustomEvent<undefined>;
    'part-rename': CustomEvent<{ partId: string; title: string }>;
    'part-delete': CustomEvent<{ partId: string }>;
  }
}

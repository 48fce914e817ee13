import { html } from 'lit';
import type { ApiClient } from '../api/api-client';
import type { BookInfo } from '../book/book-index';
import type { ChapterPeople } from '../components/chapter-list';
import type { OutlineItem } from '../outline/outline';

export interface ChapterSidebarProps {
  bookId: string;
  chapterId: string;
  book: BookInfo | null;
  api: ApiClient | null;
  people: ChapterPeople | null;
  outline: readonly OutlineItem[];
  /** Whether the member may add and move chapters now (a writer, not reading). */
  isEditing: boolean;
  /** On a phone the sidebar is a drawer: open or not. */
  isOpen: boolean;
  onClose: () => void;
  onOutlineJump: (blockIndex: number) => void;
}

/** Beside the chapter: search the book, its chapters (who is where), this chapter's outline. */
export function renderChapterSidebar(props: ChapterSidebarProps) {
  return html`<aside
    id="chapter-nav"
    class="chapter-view__nav ${props.isOpen ? 'chapter-view__nav--open' : ''}"
    aria-label="Chapters"
    @keydown=${(event: KeyboardEvent) => {
      if (event.key === 'Escape') props.onClose();
    }}
  >
    <book-search .bookId=${props.bookId} .api=${props.api}></book-search>
    <chapter-list
      .bookId=${props.bookId}
      .book=${props.book}
      .currentChapterId=${props.chapterId}
      .people=${props.people}
      .canCreate=${props.isEditing}
      .canRestructure=${props.isEditing}
    ></chapter-list>
    <chapter-outline
      .items=${props.outline}
      @outline-jump=${(event: CustomEvent<{ blockIndex: number }>) => props.onOutlineJump(event.detail.blockIndex)}
    ></chapter-outline>
  </aside>`;
}

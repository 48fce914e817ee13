import type { Role } from '@wethink/shared/client';
import { html, type TemplateResult } from 'lit';
import { capabilitiesOf } from '../account/capabilities';
import { bookPath } from '../app/route';
import type { CollabSession } from '../collab/collab-session';
import type { MemberMark } from '../people/member-colors';

/** What the chapter page's header shows, and where its controls report. */
export interface ChapterHeaderProps {
  bookId: string;
  bookTitle: string;
  chapterTitle: string;
  memberRole: Role | null;
  isReading: boolean;
  /** On a phone: whether the chapters drawer is open. */
  isNavOpen: boolean;
  session: CollabSession | null;
  marks: ReadonlyMap<string, MemberMark> | null;
  /** The comments' and history's buttons. */
  sideButtons: TemplateResult;
  onRename: (event: CustomEvent<{ title: string }>) => void;
  onToggleNav: () => void;
  onToggleReading: () => void;
  onPeopleUnknown: (event: CustomEvent<{ userIds: string[] }>) => void;
  onPeerSelect: (event: CustomEvent<{ clientId: number }>) => void;
}

/**
 * The chapter page's header: the book, the chapter's title (editable by writers), the connection
 * and save state, the role badge, reading mode, the side panels' buttons, who is here; on a phone
 * also the button that opens the chapters drawer. Pure: a function of its props.
 */
export function renderChapterHeader(props: ChapterHeaderProps) {
  const { canWrite, badge } = capabilitiesOf(props.memberRole);
  const isEditing = canWrite && !props.isReading;
  return html`<header class="chapter-view__header">
    <a class="chapter-view__book" href=${bookPath(props.bookId)}>${props.bookTitle}</a>
    <inline-title
      class="chapter-view__title"
      label="Chapter title"
      .value=${props.chapterTitle}
      ?read-only=${!isEditing}
      @title-change=${props.onRename}
    ></inline-title>
    <div class="chapter-view__status">
      <button
        type="button"
        class="button chapter-view__nav-toggle"
        aria-expanded=${String(props.isNavOpen)}
        aria-controls="chapter-nav"
        @click=${props.onToggleNav}
      >
        Chapters
      </button>
      <session-status .session=${props.session}></session-status>
      ${badge === null ? null : html`<role-badge .memberRole=${props.memberRole}></role-badge>`}
      ${
        canWrite
          ? html`<button
              type="button"
              class="button"
              aria-pressed=${String(props.isReading)}
              @click=${props.onToggleReading}
            >
              ${props.isReading ? 'Edit' : 'Reading mode'}
            </button>`
          : null
      }
      ${props.sideButtons}
    </div>
    <session-presence
      .session=${props.session}
      .marks=${props.marks}
      @people-unknown=${props.onPeopleUnknown}
      @peer-select=${props.onPeerSelect}
    ></session-presence>
  </header>`;
}

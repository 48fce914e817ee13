import { chapterFragment, type Role } from '@wethink/shared/client';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ReadOnlyNotices } from '../account/read-only-notice';
import type { ApiClient, ChapterRef } from '../api/api-client';
import type { CollabSession } from '../collab/collab-session';
import { ReturnReportController } from '../collab/return-report-controller';
import type { BookEditor } from '../editor/book-editor';
import { AuthorshipController } from '../history/authorship-controller';
import { HistoryController } from '../history/history-controller';
import { OutlineController } from '../outline/outline-controller';
import { MemberMarksController } from '../people/member-marks-controller';
import type { Timers } from '../collab/deadline';
import { ChapterComments, type ChapterCommenting } from './chapter-comments';
import { ChapterSuggestions } from './chapter-suggestions';

/** What the chapter view is showing: its properties, read before each render. */
export interface ChapterShown {
  bookId: string;
  chapterId: string;
  session: CollabSession | null;
  memberRole: Role | null;
  api: ApiClient | null;
  commenting: ChapterCommenting | null;
  isReading: boolean;
  notices: ReadOnlyNotices;
}

/**
 * The chapter view's features around the text: history, authors' colours, member colours, the
 * report of what changed while away, outline, comments and suggestions. Each follows the chapter
 * on screen before every render (`hostUpdate`, the way `@lit/task` follows its arguments), so the
 * view only renders them and reports upward.
 */
export class ChapterFeatures implements ReactiveController {
  readonly history: HistoryController;
  readonly authorship: AuthorshipController;
  readonly members: MemberMarksController;
  readonly comments: ChapterComments;
  readonly returnReport: ReturnReportController;
  readonly outline: OutlineController;
  readonly suggestions: ChapterSuggestions;
  /** The side panel opened last: opening the other one closes it. */
  side: 'history' | 'comments' | null = null;
  private shownChapter: ChapterRef | null = null;
  /** What presence was last published for; undefined: nothing yet. */
  private presenceOf: { session: CollabSession | null; isReading: boolean } | undefined;

  constructor(
    host: ReactiveControllerHost,
    private readonly deps: {
      shown: () => ChapterShown;
      editor: () => BookEditor | null;
      timers: Timers;
      /** The session or reading mode changed: tell the others in the chapter's presence. */
      publishPresence: () => void;
    },
  ) {
    host.addController(this);
    const { timers } = deps;
    // The page's properties are read when needed: before there is an API (or comments) these
    // controllers exist idle, so nothing is created mid-update and nobody checks for null.
    const api = () => deps.shown().api;
    const nowMs = () => Date.now();
    this.outline = new OutlineController(host, timers);
    this.suggestions = new ChapterSuggestions(host);
    this.history = new HistoryController(host, { api });
    this.authorship = new AuthorshipController(host, { api, timers });
    this.returnReport = new ReturnReportController(host, { api, nowMs });
    this.members = new MemberMarksController(host, { api, nowMs, ...timers });
    this.comments = new ChapterComments(host, () => deps.shown().commenting?.services ?? null, deps.editor);
  }

  hostUpdate(): void {
    const shown = this.deps.shown();
    const { bookId, session, api, commenting, memberRole } = shown;
    const chapter = { bookId, chapterId: shown.chapterId };
    const isNewChapterId = this.shownChapter?.chapterId !== chapter.chapterId;
    const isNewChapter = isNewChapterId || this.shownChapter?.bookId !== bookId;
    this.shownChapter = chapter;
    shown.notices.follow(bookId, memberRole, shown.isReading);
    // A notice placed at a caret belongs to the chapter it was in.
    if (isNewChapterId && shown.notices.notice?.place != null) shown.notices.dismiss();
    if (this.presenceOf?.session !== session || this.presenceOf.isReading !== shown.isReading) {
      this.presenceOf = { session, isReading: shown.isReading };
      this.deps.publishPresence();
    }
    this.members.follow(bookId === '' ? null : bookId);
    this.returnReport.follow(bookId === '' ? null : bookId, session);
    const fragment = session === null ? null : chapterFragment(session.ydoc);
    this.outline.follow(fragment);
    this.authorship.follow(chapter, fragment);
    if (isNewChapter && this.history.isOpen) this.history.open(chapter);
    if (commenting !== null) {
      this.comments.follow({ ...commenting, chapter, role: memberRole });
      if (api !== null) this.followSuggestions(api, commenting, chapter, memberRole);
    }
    this.keepOneSidePanel();
  }

  private followSuggestions(
    api: ApiClient,
    commenting: ChapterCommenting,
    chapter: ChapterRef,
    role: Role | null,
  ): void {
    const { comments } = this;
    this.suggestions.follow({
      api,
      chapter,
      session: commenting.session,
      userId: commenting.user?.id ?? null,
      role,
      openRound: comments.data.openRound,
      origin: location.origin,
      threads: comments.data.snapshot.threads,
      rounds: comments.data.snapshot.rounds,
      marks: this.members.marks,
      newId: commenting.services.newId,
      comments: comments.data.snapshot.comments,
      outbox: commenting.services.outbox,
      reply: (suggestionId, body) => comments.data.reply(suggestionId, body),
    });
  }

  /** History and comments share the column beside the text: the one opened last stays. */
  private keepOneSidePanel(): void {
    if (this.history.isOpen && this.comments.isOpen) {
      if (this.side === 'history') this.history.close();
      else this.comments.close();
    }
    this.side = this.history.isOpen ? 'history' : this.comments.isOpen ? 'comments' : null;
  }
}

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type * as Y from 'yjs';
import type { ApiClient, ChapterRef } from '../api/api-client';
import { errorMessage } from '../api/api-error';
import type { Timers } from '../collab/deadline';
import type { AuthorshipPaint } from '../editor/plugins/authorship';
import { authorDirectory, type AuthorDirectory } from './author-directory';

/** Quiet time after the last change before the authorship is asked for again. */
export const AUTHORSHIP_REFRESH_DELAY_MS = 1000;

/**
 * The "who wrote what" colouring of the live text: off by default; while on, fetches the
 * chapter's authorship (and the members' colours) and fetches it again once the text has been
 * quiet for a second. `paint` is what the editor's authorship plugin shows.
 */
export class AuthorshipController implements ReactiveController {
  isOn = false;
  paint: AuthorshipPaint | null = null;
  error: string | null = null;
  private chapter: ChapterRef | null = null;
  private fragment: Y.XmlFragment | null = null;
  /** The members' names and colours, fetched once per chapter shown. */
  private authors: AuthorDirectory | null = null;
  private timer: unknown = null;
  private seq = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** `api` gives null while the page has no server to ask: nothing is fetched then. */
    private readonly deps: { api: () => ApiClient | null; timers: Timers; delayMs?: number },
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.setOn(false);
  }

  /** The chapter on screen; a new one starts uncoloured (the toggle stays as the author left it). */
  follow(chapter: ChapterRef | null, fragment: Y.XmlFragment | null): void {
    if (chapter?.bookId === this.chapter?.bookId && chapter?.chapterId === this.chapter?.chapterId) {
      if (fragment === this.fragment) return;
    }
    const wasOn = this.isOn;
    this.setOn(false);
    this.chapter = chapter;
    this.fragment = fragment;
    this.authors = null;
    if (wasOn) this.setOn(true);
  }

  toggle(): void {
    this.setOn(!this.isOn);
  }

  private setOn(isOn: boolean): void {
    if (isOn === this.isOn) return;
    this.isOn = isOn;
    this.seq += 1;
    this.cancelTimer();
    this.paint = null;
    this.error = null;
    if (isOn) {
      this.fragment?.observeDeep(this.onChange);
      void this.fetch();
    } else {
      this.fragment?.unobserveDeep(this.onChange);
    }
    this.host.requestUpdate();
  }

  private readonly onChange = () => {
    this.cancelTimer();
    this.timer = this.deps.timers.setTimeout(() => {
      this.timer = null;
      void this.fetch();
    }, this.deps.delayMs ?? AUTHORSHIP_REFRESH_DELAY_MS);
  };

  private async fetch(): Promise<void> {
    const chapter = this.chapter;
    const api = this.deps.api();
    if (chapter === null || api === null || !this.isOn) return;
    const seq = ++this.seq;
    try {
      const [authorship, authors] = await Promise.all([
        api.authorship(chapter),
        this.authors ?? api.listMembers(chapter.bookId).then(authorDirectory),
      ]);
      if (seq !== this.seq) return;
      this.authors = authors;
      this.paint = { runs: authorship.runs, authors };
      this.error = null;
    } catch (error) {
      if (seq !== this.seq) return;
      this.error = errorMessage(error);
    }
    this.host.requestUpdate();
  }

  private cancelTimer(): void {
    if (this.timer !== null) this.deps.timers.clearTimeout(this.timer);
    this.timer = null;
  }
}

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ApiClient } from '../api/api-client';
import { memberMarks, type MemberMark } from './member-colors';

/** A person not in the list fetched last (a new member) asks for it again, at most this often. */
const REFETCH_AFTER_MS = 3_000;

/**
 * The colours and initials of the book's members (`memberMarks`), fetched once per book and again
 * when someone unknown shows up. Null until the list arrives or while it cannot be fetched
 * (offline): the page then falls back to account colours.
 */
export class MemberMarksController implements ReactiveController {
  marks: ReadonlyMap<string, MemberMark> | null = null;
  private bookId: string | null = null;
  /** The book the list was last asked for; it trails `bookId` while there is no API to ask. */
  private askedFor: string | null = null;
  private seq = 0;
  private fetchedAtMs = -Infinity;
  private refetchTimer: unknown = null;
  private isFetching = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: {
      /** Null while the page has no server to ask: nothing is fetched then. */
      api: () => ApiClient | null;
      nowMs: () => number;
      setTimeout: (callback: () => void, ms: number) => unknown;
      clearTimeout: (handle: unknown) => void;
    },
  ) {
    host.addController(this);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.cancelRefetch();
    this.bookId = null;
  }

  /** The book on screen, and the user ids the page shows (presence); an unknown one refetches. */
  follow(bookId: string | null, shownUserIds: Iterable<string> = []): void {
    if (bookId !== this.bookId || bookId !== this.askedFor) {
      this.bookId = bookId;
      this.marks = null;
      this.fetch();
      return;
    }
    if (this.isFetching || this.refetchTimer !== null) return;
    // A list that never came (the fetch failed: offline) is asked for again, like an unknown person.
    const marks = this.marks;
    if (marks !== null && [...shownUserIds].every((userId) => marks.has(userId))) return;
    const waitMs = REFETCH_AFTER_MS - (this.deps.nowMs() - this.fetchedAtMs);
    if (waitMs <= 0) {
      this.fetch();
      return;
    }
    this.refetchTimer = this.deps.setTimeout(() => {
      this.refetchTimer = null;
      this.fetch();
    }, waitMs);
  }

  private cancelRefetch(): void {
    if (this.refetchTimer !== null) this.deps.clearTimeout(this.refetchTimer);
    this.refetchTimer = null;
  }

  private fetch(): void {
    this.cancelRefetch();
    this.isFetching = false;
    const bookId = this.bookId;
    this.seq += 1;
    const seq = this.seq;
    this.fetchedAtMs = this.deps.nowMs();
    const api = this.deps.api();
    // Without an API nothing is asked: `follow` asks again until there is one.
    if (api !== null || bookId === null) this.askedFor = bookId;
    if (bookId === null || api === null) return;
    this.isFetching = true;
    api.listMembers(bookId).then(
      (members) => {
        if (seq !== this.seq) return;
        this.isFetching = false;
        this.marks = memberMarks(members);
        this.host.requestUpdate();
      },
      // Offline or refused: account colours stand in; the next update asks again (throttled).
      () => {
        if (seq === this.seq) this.isFetching = false;
      },
    );
  }
}

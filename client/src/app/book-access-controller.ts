import type { Role } from '@wethink/shared/client';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AccountCache } from '../account/account-cache';
import type { ApiClient } from '../api/api-client';
import { ApiError, ApiErrorKind } from '../api/api-error';

/**
 * The signed-in user's standing in the book on screen. `member` with `isConfirmed: false` comes
 * from this device's cache while the server is unreachable. `not-found` covers both a book that
 * does not exist and one the user never joined (the server answers 404 for both); `no-access` is
 * a book the user was a member of and no longer is. `unknown`: no server and nothing cached.
 * `isChanging`: the server said the role changed (4205) and the new one is being fetched; nobody
 * should write meanwhile.
 */
export type BookAccess =
  | { status: 'checking' }
  | { status: 'member'; role: Role; isConfirmed: boolean; isChanging?: boolean; title?: string }
  | { status: 'not-found' }
  | { status: 'no-access' }
  | { status: 'signed-out' }
  | { status: 'unknown' };

export interface BookAccessDeps {
  api: Pick<ApiClient, 'getBook'>;
  cache: AccountCache;
  nowMs: () => number;
  /** Least time between two checks prompted by a failing socket. */
  recheckIntervalMs: number;
  onSignedOut: () => void;
}

/** Asks `GET /api/books/:id` who we are in a book, when it opens and whenever the socket hints. */
export class BookAccessController implements ReactiveController {
  private bookId: string | null = null;
  private current: BookAccess = { status: 'checking' };
  private inFlight: Promise<void> | null = null;
  private isRecheckQueued = false;
  private lastCheckMs = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: BookAccessDeps,
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    // A late answer for the old book is ignored (see `check`); the next watch starts afresh.
    this.bookId = null;
  }

  get access(): BookAccess {
    return this.current;
  }

  /** Follows the book on screen (null: none); a new book starts from the cache and is checked. */
  watch(bookId: string | null): void {
    if (bookId === this.bookId) return;
    this.bookId = bookId;
    this.isRecheckQueued = false;
    if (bookId === null) return;
    const cached = this.deps.cache.roleIn(bookId);
    this.current =
      cached === null ? { status: 'checking' } : { status: 'member', role: cached, isConfirmed: false };
    this.recheck();
  }

  /** Asks the server again now (role changed, access revoked); one request at a time. */
  recheck(): void {
    if (this.bookId === null) return;
    if (this.inFlight !== null) {
      this.isRecheckQueued = true;
      return;
    }
    const bookId = this.bookId;
    this.lastCheckMs = this.deps.nowMs();
    this.inFlight = this.check(bookId).finally(() => {
      this.inFlight = null;
      if (this.isRecheckQueued) {
        this.isRecheckQueued = false;
        this.recheck();
      }
    });
  }

  /**
   * The server closed with "role changed": until the new role is known, the role is in doubt
   * (edits made now might be dropped by the server), then it is fetched.
   */
  noteRoleChanged(): void {
    if (this.current.status === 'member' && this.current.isChanging !== true) {
      this.current = { ...this.current, isChanging: true };
      this.host.requestUpdate();
    }
    this.recheck();
  }

  /** The socket keeps failing: find out whether it is the network, the session or the membership. */
  noteSocketTrouble(): void {
    if (this.deps.nowMs() - this.lastCheckMs >= this.deps.recheckIntervalMs) this.recheck();
  }

  private async check(bookId: string): Promise<void> {
    let next: BookAccess;
    try {
      const book = await this.deps.api.getBook(bookId);
      this.deps.cache.saveRole(bookId, book.role);
      next = { status: 'member', role: book.role, isConfirmed: true, title: book.title };
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      next = this.afterFailure(bookId, error);
    }
    if (bookId !== this.bookId) return;
    this.current = next;
    this.host.requestUpdate();
    if (next.status === 'signed-out') this.deps.onSignedOut();
  }

  private afterFailure(bookId: string, error: ApiError): BookAccess {
    const wasMember = this.current.status === 'member' || this.current.status === 'no-access';
    switch (error.kind) {
      case ApiErrorKind.unauthenticated:
        return { status: 'signed-out' };
      case ApiErrorKind.notFound:
      case ApiErrorKind.forbidden:
        this.deps.cache.saveRole(bookId, null);
        return wasMember ? { status: 'no-access' } : { status: 'not-found' };
      default: {
        // Unreachable (or the server failing): keep what we knew, and say so.
        // A role in doubt stays in doubt: what it changed to is unknown.
        if (this.current.status === 'member' && this.current.isChanging === true) return this.current;
        const role = this.current.status === 'member' ? this.current.role : this.deps.cache.roleIn(bookId);
        return role === null ? { status: 'unknown' } : { status: 'member', role, isConfirmed: false };
      }
    }
  }
}

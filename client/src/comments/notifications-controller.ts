import type { NotificationView } from '@wethink/shared/client';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ApiClient } from '../api/api-client';
import { ApiError } from '../api/api-error';

export interface NotificationsState {
  notifications: readonly NotificationView[];
  unread: number;
  /** Why the last refresh failed (kept list shown meanwhile); null when it did not. */
  error: string | null;
}

export interface NotificationsDeps {
  api: ApiClient;
  win: Pick<Window, 'addEventListener' | 'removeEventListener' | 'setInterval' | 'clearInterval'>;
  isSignedIn: () => boolean;
  /**
   * Whether a socket that carries notices (PROTOCOL.md, type 104) is live: then the server tells
   * the app when to `refresh`, and the poll and focus checks stand down.
   */
  hasLiveNotices?: () => boolean;
  pollMs?: number;
}

/** How often the bell asks for new mentions on a page without a live notices socket (the start page). */
export const NOTIFICATIONS_POLL_MS = 30_000;

const EMPTY: NotificationsState = { notifications: [], unread: 0, error: null };

/**
 * The signed-in user's mentions for the header's bell: refreshed when the server's notice says
 * they changed (the app calls `refresh`), and as a fallback every 30 s and on window focus while
 * no socket carries notices; marked read when opened (at once here, then on the server).
 */
export class NotificationsController implements ReactiveController {
  state: NotificationsState = EMPTY;
  private timer: number | null = null;
  private seq = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: NotificationsDeps,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.deps.win.addEventListener('focus', this.fallbackRefresh);
    this.timer = this.deps.win.setInterval(this.fallbackRefresh, this.deps.pollMs ?? NOTIFICATIONS_POLL_MS);
  }

  hostDisconnected(): void {
    this.deps.win.removeEventListener('focus', this.fallbackRefresh);
    if (this.timer !== null) this.deps.win.clearInterval(this.timer);
    this.timer = null;
  }

  private readonly fallbackRefresh = (): void => {
    if (this.deps.hasLiveNotices?.() === true) return;
    void this.refresh();
  };

  readonly refresh = async (): Promise<void> => {
    if (!this.deps.isSignedIn()) {
      if (this.state !== EMPTY) this.set(EMPTY);
      return;
    }
    const seq = ++this.seq;
    try {
      const view = await this.deps.api.notifications();
      if (seq === this.seq) this.set({ notifications: view.notifications, unread: view.unread, error: null });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (seq === this.seq) this.set({ ...this.state, error: error.message });
    }
  };

  /** Marks notifications read; the bell shows it at once, and a failure is told on the bell. */
  async markRead(ids: readonly number[]): Promise<void> {
    const unreadIds = new Set(
      this.state.notifications
        .filter((entry) => entry.readAt === null && ids.includes(entry.id))
        .map((entry) => entry.id),
    );
    if (unreadIds.size === 0) return;
    const readAt = new Date().toISOString();
    this.seq += 1;
    this.set({
      notifications: this.state.notifications.map((entry) =>
        unreadIds.has(entry.id) ? { ...entry, readAt } : entry,
      ),
      unread: Math.max(0, this.state.unread - unreadIds.size),
      error: null,
    });
    try {
      await this.deps.api.markNotificationsRead([...unreadIds]);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.set({ ...this.state, error: error.message });
    }
  }

  private set(state: NotificationsState): void {
    this.state = state;
    this.host.requestUpdate();
  }
}

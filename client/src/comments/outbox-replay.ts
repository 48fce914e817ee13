import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CommentOutbox } from './comment-outbox';

export interface OutboxReplayDeps {
  outbox: CommentOutbox;
  win: Pick<Window, 'addEventListener' | 'removeEventListener' | 'setInterval' | 'clearInterval'>;
  /** The signed-in user, whose writes are sent; null sends nothing. */
  getUserId: () => string | null;
  retryMs?: number;
}

/** How often waiting comment writes are tried again while the server cannot be reached. */
export const OUTBOX_RETRY_MS = 5000;

/**
 * Sends the outbox's waiting writes whenever there may be a way through: when the browser comes
 * back online, and every few seconds while any wait (a server that was down answers again
 * without the browser noticing anything).
 */
export class OutboxReplayController implements ReactiveController {
  private timer: number | null = null;

  constructor(
    host: ReactiveControllerHost,
    private readonly deps: OutboxReplayDeps,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    this.deps.win.addEventListener('online', this.replay);
    this.timer = this.deps.win.setInterval(this.replayIfWaiting, this.deps.retryMs ?? OUTBOX_RETRY_MS);
    this.replay();
  }

  hostDisconnected(): void {
    this.deps.win.removeEventListener('online', this.replay);
    if (this.timer !== null) this.deps.win.clearInterval(this.timer);
    this.timer = null;
  }

  private readonly replay = () => {
    const userId = this.deps.getUserId();
    if (userId !== null) void this.deps.outbox.flush(userId);
  };

  private readonly replayIfWaiting = () => {
    const userId = this.deps.getUserId();
    if (userId !== null && this.deps.outbox.state.items.some((item) => item.userId === userId)) {
      void this.deps.outbox.flush(userId);
    }
  };
}

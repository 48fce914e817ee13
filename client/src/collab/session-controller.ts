import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CollabSession } from './collab-session';
import type { SessionState } from './session-state';

/**
 * Gives a component the state of whichever session it currently shows, re-rendering it on every
 * change. The host passes a getter, so swapping the session property re-subscribes on next update.
 */
export class SessionController implements ReactiveController {
  private subscribed: CollabSession | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly getSession: () => CollabSession | null,
  ) {
    host.addController(this);
  }

  get state(): SessionState | null {
    return this.subscribed?.state ?? null;
  }

  hostConnected(): void {
    this.sync();
  }

  hostUpdate(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.subscribed = null;
  }

  private sync(): void {
    const session = this.getSession();
    if (session === this.subscribed) return;
    this.unsubscribe?.();
    this.subscribed = session;
    this.unsubscribe = session?.subscribe(() => this.host.requestUpdate()) ?? null;
  }
}

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { browserClock, type Clock } from './deadline';
import type { CollabSession } from './collab-session';
import { SaveDisplay, type ShownSave } from './save-display';

/**
 * The save state a host shows for whichever session it currently has, settled by `SaveDisplay`:
 * the host renders when the shown stage changes, not on each of the stages a keystroke passes.
 */
export class SaveDisplayController implements ReactiveController {
  private subscribed: CollabSession | null = null;
  private unsubscribe: (() => void) | null = null;
  private display: SaveDisplay | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly getSession: () => CollabSession | null,
    private readonly clock: Clock = browserClock,
  ) {
    host.addController(this);
  }

  get shown(): ShownSave | null {
    return this.display?.shown ?? null;
  }

  hostConnected(): void {
    this.sync();
  }

  hostUpdate(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.stop();
  }

  private sync(): void {
    const session = this.getSession();
    if (session === this.subscribed) return;
    this.stop();
    this.subscribed = session;
    if (session === null) return;
    const display = new SaveDisplay({
      initial: session.state.save,
      onChange: () => this.host.requestUpdate(),
      clock: this.clock,
    });
    this.display = display;
    this.unsubscribe = session.subscribe((state) => display.observe(state.save));
  }

  private stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.display?.dispose();
    this.display = null;
    this.subscribed = null;
  }
}

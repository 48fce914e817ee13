import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CollabSession } from './collab-session';
import type { SessionState } from './session-state';

/**
 * Picks from a session's state what a host shows. The host re-renders only when a picked value
 * changes (compared with `Object.is`, field by field): a session emits several times per keystroke
 * (save stages, peers' carets), and a host that shows none of that must not render for it.
 */
export type SessionSelector = (state: SessionState) => Readonly<Record<string, unknown>>;

/** Every field of the state: the host renders on every change. */
const wholeState: SessionSelector = (state) => ({ state });

function isSameSelection(
  a: Readonly<Record<string, unknown>> | null,
  b: Readonly<Record<string, unknown>>,
): boolean {
  if (a === null) return false;
  const keys = Object.keys(b);
  return keys.length === Object.keys(a).length && keys.every((key) => Object.is(a[key], b[key]));
}

/**
 * Gives a component the state of whichever session it currently shows, re-rendering it when what
 * `select` picks from it changes. The host passes a getter, so swapping the session property
 * re-subscribes on next update.
 */
export class SessionController implements ReactiveController {
  private subscribed: CollabSession | null = null;
  private unsubscribe: (() => void) | null = null;
  private selected: Readonly<Record<string, unknown>> | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly getSession: () => CollabSession | null,
    private readonly select: SessionSelector = wholeState,
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
    this.selected = null;
  }

  private sync(): void {
    const session = this.getSession();
    if (session === this.subscribed) return;
    this.unsubscribe?.();
    this.subscribed = session;
    this.selected = session === null ? null : this.select(session.state);
    this.unsubscribe = session?.subscribe((state) => this.onState(state)) ?? null;
  }

  private onState(state: SessionState): void {
    const selected = this.select(state);
    if (isSameSelection(this.selected, selected)) return;
    this.selected = selected;
    this.host.requestUpdate();
  }
}

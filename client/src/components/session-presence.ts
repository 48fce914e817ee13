import { LitElement, html, type PropertyValues } from 'lit';
import type { CollabSession } from '../collab/collab-session';
import { SessionController } from '../collab/session-controller';
import type { MemberMark } from '../people/member-colors';
import { peopleFromPeers } from '../people/people-in-chapter';

/**
 * A session's `<presence-bar>` (one entry per person), fed by its own subscription: peers come and go and change their
 * activity while others type, and only this element renders for it.
 */
export class SessionPresence extends LitElement {
  static override properties = { session: { attribute: false }, marks: { attribute: false } };

  declare session: CollabSession | null;
  /** The book's member colours and initials; null: the colours awareness carries. */
  declare marks: ReadonlyMap<string, MemberMark> | null;

  private readonly sessionState = new SessionController(
    this,
    () => this.session,
    ({ peers }) => ({ peers }),
  );

  constructor() {
    super();
    this.session = null;
    this.marks = null;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render() {
    const people = peopleFromPeers(this.sessionState.state?.peers ?? [], this.marks);
    return html`<presence-bar .people=${people}></presence-bar>`;
  }

  /** Someone here whose book colour is not known yet (a new member): the view fetches the members again. */
  protected override updated(_changed: PropertyValues<this>): void {
    const marks = this.marks;
    const ids = (this.sessionState.state?.peers ?? []).flatMap((peer) =>
      peer.userId === null ? [] : [peer.userId],
    );
    if (marks === null || ids.every((id) => marks.has(id))) return;
    this.dispatchEvent(new CustomEvent('people-unknown', { detail: { userIds: ids }, bubbles: true }));
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'session-presence': SessionPresence;
  }
  interface HTMLElementEventMap {
    'people-unknown': CustomEvent<{ userIds: string[] }>;
  }
}

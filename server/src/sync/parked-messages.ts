import type { Peer } from './peer';

/** Most messages a peer may send while its first update waits (then it is closed instead). */
export const MAX_PARKED_MESSAGES = 512;

interface Parked<Message> {
  /** The catch-up request that must have finished before the messages are tried again. */
  ticket: number;
  messages: Message[];
}

/**
 * Messages of peers whose update needs something another instance stored and this one has not
 * applied yet (a client that moved here from an instance that died holds that instance's latest
 * text). The peer's messages wait, in order, behind it until a catch-up from the database ran:
 * its save requests too, so "saved" is never answered before its update is stored.
 */
export class ParkedMessages<Message> {
  private readonly byPeer = new Map<Peer, Parked<Message>>();

  has(peer: Peer): boolean {
    return this.byPeer.has(peer);
  }

  /** Parks `message` and all the peer's later ones until catch-up `ticket` finished. */
  park(peer: Peer, message: Message, ticket: number): void {
    this.byPeer.set(peer, { ticket, messages: [message] });
  }

  /** Queues a later message of a parked peer; false when it has too many waiting. */
  add(peer: Peer, message: Message): boolean {
    const parked = this.byPeer.get(peer);
    if (!parked || parked.messages.length >= MAX_PARKED_MESSAGES) return false;
    parked.messages.push(message);
    return true;
  }

  /** Takes the peers (and their messages) whose catch-up has run: catch-ups up to `ticket` did. */
  takeReady(ticket: number): [Peer, Message[]][] {
    const ready: [Peer, Message[]][] = [];
    for (const [peer, parked] of this.byPeer) {
      if (parked.ticket > ticket) continue;
      this.byPeer.delete(peer);
      ready.push([peer, parked.messages]);
    }
    return ready;
  }

  forget(peer: Peer): void {
    this.byPeer.delete(peer);
  }
}

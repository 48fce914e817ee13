import * as Y from 'yjs';

/**
 * Turns a change the server makes to a room's document into the Yjs update of exactly that
 * change, written by a client id of the server's own. It keeps a shadow copy of the document,
 * caught up with the live one before each change: copying the whole document per change cost
 * 74 ms at 2,000 comment threads, and an update diffed against a state vector would carry the
 * whole delete set every time. One per room (Room.changeAs); changes run one at a time per room.
 */
export class ServerChanges {
  private shadow: Y.Doc | null = null;

  constructor(
    private readonly live: () => Y.Doc,
    private readonly ownerOf: (clientId: number) => string | undefined,
  ) {}

  /**
   * The update `change` makes as `principal`, or null when it changed nothing. The shadow then
   * holds it. Its client id is one nobody else is bound to: a change as another principal than
   * the last (a suggestion accepted for its suggester after an import by someone else) moves the
   * shadow to a fresh id, since the room refuses structs under an id bound to someone else.
   */
  updateOf(change: (doc: Y.Doc) => void, principal: string): Uint8Array | null {
    const shadow = this.caughtUp();
    const owner = this.ownerOf(shadow.clientID);
    if (owner !== undefined && owner !== principal) {
      shadow.clientID = freshClientId(this.live(), (clientId) => this.ownerOf(clientId) !== undefined);
    }
    let update: Uint8Array | null = null;
    const capture = (transactionUpdate: Uint8Array): void => {
      update = transactionUpdate;
    };
    shadow.on('update', capture);
    try {
      shadow.transact(() => change(shadow));
    } finally {
      shadow.off('update', capture);
    }
    return update;
  }

  /** Forgets the shadow (the room refused its last change, which the shadow holds). */
  reset(): void {
    this.shadow?.destroy();
    this.shadow = null;
  }

  private caughtUp(): Y.Doc {
    const live = this.live();
    if (!this.shadow) {
      const shadow = new Y.Doc();
      Y.applyUpdate(shadow, Y.encodeStateAsUpdate(live));
      // Chosen after loading: a doc that receives structs under its own id picks a new one.
      shadow.clientID = freshClientId(live, (clientId) => this.ownerOf(clientId) !== undefined);
      this.shadow = shadow;
      return shadow;
    }
    Y.applyUpdate(this.shadow, Y.encodeStateAsUpdate(live, Y.encodeStateVector(this.shadow)));
    return this.shadow;
  }
}

/** A Yjs client id that nobody has used in `doc` and that `isBound` does not know. */
export function freshClientId(doc: Y.Doc, isBound: (clientId: number) => boolean): number {
  for (;;) {
    const candidate = Math.floor(Math.random() * 0xffffffff) + 1;
    if (!doc.store.clients.has(candidate) && !isBound(candidate)) return candidate;
  }
}

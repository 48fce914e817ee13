import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
  MessageType,
  SyncStep,
  encodeAwareness,
  encodeHello,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  type Message,
  type NoticeKind,
  type SaveLevel,
} from '@wethink/shared/client';

/** What reading a server message can tell the connection beyond the document itself. */
export interface DocSyncListener {
  /** The server's sync step 2 arrived: this connection holds everything the server had. */
  onSynced(): void;
  /** We answered the server's sync step 1: everything the server lacked is now queued for it. */
  onStateSent(): void;
  onSaveAck(requestId: number, level: SaveLevel): void;
  onNotice(kind: NoticeKind): void;
  onPermissionDenied(reason: string): void;
}

export interface DocSyncOptions {
  doc: Y.Doc;
  awareness: awarenessProtocol.Awareness;
  /** The origin of every change the server's messages make, so they are never sent back. */
  origin: object;
  /** A `Feature` bit set announced in the hello that opens each connection. */
  features: number;
  /** False while the server would refuse this client's edits (a read-only role): they stay local. */
  canSendEdits: () => boolean;
  listener: DocSyncListener;
}

/** A Yjs update with no structs and no deletes: what a client with nothing to give answers. */
const EMPTY_UPDATE = new Uint8Array([0, 0]);

/**
 * One document's half of the wethink sync protocol (y-protocols sync and awareness plus the
 * extensions in PROTOCOL.md): which frames open a connection, what a server message does to the
 * document and what it answers, which local changes become frames. It never touches a socket or a
 * timer; `SyncProvider` owns those.
 */
export class DocSync {
  constructor(private readonly options: DocSyncOptions) {}

  /** Hello first, so the server knows our extensions before anything it answers; then our state vector and presence. */
  openingFrames(): Uint8Array<ArrayBuffer>[] {
    const { doc, awareness, features } = this.options;
    const frames = [encodeHello(features), encodeSyncStep1(Y.encodeStateVector(doc))];
    if (awareness.getLocalState() !== null) frames.push(this.ownAwarenessFrame());
    return frames;
  }

  /**
   * Applies one message from the server and returns its answers, in order. A batch's inner
   * messages are read like top-level ones (`readInner` decodes them; a nested batch is malformed).
   */
  receive(message: Message, readInner: (frame: Uint8Array) => Message): Uint8Array<ArrayBuffer>[] {
    const { doc, awareness, origin, listener } = this.options;
    switch (message.type) {
      case MessageType.sync:
        if (message.step === SyncStep.step1) {
          const answer = this.options.canSendEdits()
            ? Y.encodeStateAsUpdate(doc, message.stateVector)
            : // The full answer carries our delete set, which the server counts as an edit.
              EMPTY_UPDATE;
          listener.onStateSent();
          return [encodeSyncStep2(answer)];
        }
        Y.applyUpdate(doc, message.update, origin);
        if (message.step === SyncStep.step2) listener.onSynced();
        return [];
      case MessageType.awareness:
        awarenessProtocol.applyAwarenessUpdate(awareness, message.update, origin);
        return [];
      case MessageType.queryAwareness:
        return awareness.getLocalState() === null ? [] : [this.ownAwarenessFrame()];
      case MessageType.auth:
        listener.onPermissionDenied(message.reason);
        return [];
      case MessageType.saveAck:
        listener.onSaveAck(message.requestId, message.level);
        return [];
      case MessageType.notice:
        listener.onNotice(message.kind);
        return [];
      case MessageType.batch:
        return message.frames.flatMap((frame) => {
          const inner = readInner(frame);
          if (inner.type === MessageType.batch) throw new RangeError('nested batch from the server');
          return this.receive(inner, readInner);
        });
      case MessageType.hello:
      case MessageType.saveRequest:
        // Client-to-server messages: a server has no reason to send them; nothing to do.
        return [];
    }
  }

  /** The frame for a document update, or null when it came from the server or may not be sent. */
  updateFrame(update: Uint8Array, origin: unknown): Uint8Array<ArrayBuffer> | null {
    if (origin === this.options.origin || !this.options.canSendEdits()) return null;
    return encodeUpdate(update);
  }

  /**
   * The frame for an awareness change, or null when it is not ours: echoing the states we receive
   * (as the stock provider does) costs the server one message per watcher per cursor move.
   */
  awarenessFrame(changedClients: readonly number[]): Uint8Array<ArrayBuffer> | null {
    return changedClients.includes(this.options.doc.clientID) ? this.ownAwarenessFrame() : null;
  }

  /** "This client left": our awareness entry with no state, whatever the local state is. */
  leaveFrame(): Uint8Array<ArrayBuffer> {
    const { awareness, doc } = this.options;
    return encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID], new Map()));
  }

  /** Removes everyone's presence but ours: after a disconnect nobody else is known to be here. */
  forgetOthers(): void {
    const { awareness, doc, origin } = this.options;
    const others = [...awareness.getStates().keys()].filter((client) => client !== doc.clientID);
    awarenessProtocol.removeAwarenessStates(awareness, others, origin);
  }

  private ownAwarenessFrame(): Uint8Array<ArrayBuffer> {
    const { awareness, doc } = this.options;
    return encodeAwareness(awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]));
  }
}

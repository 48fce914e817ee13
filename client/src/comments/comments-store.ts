import { readComments, type CommentsSnapshot } from '@wethink/shared/client';
import type * as Y from 'yjs';

export const EMPTY_COMMENTS: CommentsSnapshot = { threads: [], comments: [], rounds: [] };

/**
 * A chapter's comments as plain data, read again from its comments document after every change
 * (the server's writes arriving over sync, or this device's copy loading from IndexedDB). Never
 * writes the document: the server owns it and refuses a client's updates.
 */
export class CommentsStore {
  private current: CommentsSnapshot;
  private readonly listeners = new Set<(snapshot: CommentsSnapshot) => void>();

  constructor(private readonly ydoc: Y.Doc) {
    this.current = readComments(ydoc);
    ydoc.on('update', this.onUpdate);
  }

  get snapshot(): CommentsSnapshot {
    return this.current;
  }

  subscribe(listener: (snapshot: CommentsSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  destroy(): void {
    this.ydoc.off('update', this.onUpdate);
    this.listeners.clear();
  }

  private readonly onUpdate = () => {
    this.current = readComments(this.ydoc);
    for (const listener of this.listeners) listener(this.current);
  };
}

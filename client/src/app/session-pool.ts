import type { CollabSession } from '../collab/collab-session';

/**
 * Open sessions by document name. A session the screen no longer shows stays open until its
 * changes are saved: closing it early would leave offline edits unsent until that chapter is
 * opened again.
 */
export class SessionPool {
  private readonly sessions = new Map<string, CollabSession>();
  private readonly inUse = new Set<string>();
  private readonly pendingClose = new Map<string, () => void>();

  constructor(private readonly open: (docName: string) => CollabSession) {}

  acquire(docName: string): CollabSession {
    this.inUse.add(docName);
    this.pendingClose.get(docName)?.();
    this.pendingClose.delete(docName);
    let session = this.sessions.get(docName);
    if (session === undefined) {
      session = this.open(docName);
      this.sessions.set(docName, session);
    }
    return session;
  }

  /** Keeps exactly these documents in use; others close once they have nothing unsaved. */
  retain(docNames: ReadonlySet<string>): void {
    for (const docName of [...this.inUse]) {
      if (!docNames.has(docName)) this.release(docName);
    }
  }

  /** The open sessions whose document name passes `test`. */
  sessionsWhere(test: (docName: string) => boolean): CollabSession[] {
    return [...this.sessions].filter(([docName]) => test(docName)).map(([, session]) => session);
  }

  get hasUnsavedChanges(): boolean {
    return [...this.sessions.values()].some((session) => session.state.save.unsavedChanges > 0);
  }

  /** The page is going away: tell the others, keep data in IndexedDB. */
  announceLeave(): void {
    for (const session of this.sessions.values()) session.announceLeave();
  }

  /** The page may be going away (hidden): what waits on a timer goes to IndexedDB now. */
  writeDown(): void {
    for (const session of this.sessions.values()) session.writeDown();
  }

  destroyAll(): void {
    for (const stop of this.pendingClose.values()) stop();
    this.pendingClose.clear();
    for (const session of this.sessions.values()) session.destroy();
    this.sessions.clear();
    this.inUse.clear();
  }

  private release(docName: string): void {
    this.inUse.delete(docName);
    const session = this.sessions.get(docName);
    if (session === undefined) return;
    const closeIfSaved = () => {
      if (this.inUse.has(docName) || session.state.save.unsavedChanges > 0) return;
      this.pendingClose.get(docName)?.();
      this.pendingClose.delete(docName);
      this.sessions.delete(docName);
      session.destroy();
    };
    this.pendingClose.set(docName, session.subscribe(closeIfSaved));
    closeIfSaved();
  }
}

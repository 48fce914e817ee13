import type { SessionState } from './session-state';

/** What the watch remembers between session states. */
export interface ReturnWatchState {
  /** When the session last went from live to offline; null while live (or never live). */
  offlineSinceMs: number | null;
  /** Whether this device had changes the server did not have while offline. */
  hasEditedOffline: boolean;
  wasLive: boolean;
}

export const RETURN_WATCH_START: ReturnWatchState = {
  offlineSinceMs: null,
  hasEditedOffline: false,
  wasLive: false,
};

/**
 * One step of the offline return watch: the next state, and — when the session is live again after
 * an offline stretch in which this person edited, and the server has all of those edits — the
 * time they went offline (the report's `since`). Coming back without having edited asks for no report.
 */
export function watchReturn(
  watch: ReturnWatchState,
  session: Pick<SessionState, 'connection' | 'save'>,
  nowMs: number,
): { next: ReturnWatchState; returnedSinceMs: number | null } {
  const isLive = session.connection === 'live';
  if (isLive) {
    const isReturning = watch.offlineSinceMs !== null && watch.hasEditedOffline;
    // The report waits until the server has every change made offline: they are in it then.
    if (isReturning && session.save.unsavedChanges > 0) {
      return { next: watch.wasLive ? watch : { ...watch, wasLive: true }, returnedSinceMs: null };
    }
    const returnedSinceMs = isReturning ? watch.offlineSinceMs : null;
    return { next: { offlineSinceMs: null, hasEditedOffline: false, wasLive: true }, returnedSinceMs };
  }
  const isAway = session.connection === 'offline' || session.connection === 'connecting';
  if (!isAway || (!watch.wasLive && watch.offlineSinceMs === null)) {
    return { next: watch, returnedSinceMs: null };
  }
  const offlineSinceMs = watch.offlineSinceMs ?? nowMs;
  const hasEditedOffline = watch.hasEditedOffline || session.save.unsavedChanges > 0;
  if (offlineSinceMs === watch.offlineSinceMs && hasEditedOffline === watch.hasEditedOffline) {
    return { next: watch, returnedSinceMs: null };
  }
  return { next: { ...watch, offlineSinceMs, hasEditedOffline }, returnedSinceMs: null };
}

import type { UnsavedChangesStore } from './session-state';

/** How long a count that is not news waits before it is written. */
export const UNSAVED_WRITE_DELAY_MS = 1000;

/**
 * Keeps a document's unsaved-on-device count in its store without writing on every keystroke
 * (each one raised the count when stored and lowered it when acknowledged: two synchronous
 * localStorage writes per key). "There are unsaved changes" is written at once, since a tab that
 * closes must leave it behind; every other change (more of them, or all saved) waits up to a
 * second and is written then, or at `flush` (the page going away, the session closing). A late
 * "all saved" errs on the safe side: a reopened tab shows unsaved changes until it has synced.
 */
export class UnsavedCountWriter {
  private stored: number;
  private latest: number;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly store: UnsavedChangesStore,
    private readonly docName: string,
  ) {
    this.stored = this.latest = store.read(docName);
  }

  record(count: number): void {
    this.latest = count;
    if (count > 0 && this.stored === 0) this.flush();
    else if (count !== this.stored) this.timer ??= setTimeout(() => this.flush(), UNSAVED_WRITE_DELAY_MS);
  }

  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.latest === this.stored) return;
    this.store.write(this.docName, this.latest);
    this.stored = this.latest;
  }
}

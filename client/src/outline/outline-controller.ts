import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type * as Y from 'yjs';
import { isSameOutline, outlineOf, type OutlineItem } from './outline';

/** Outlines are recomputed at most this often while co-authors type. */
const OUTLINE_DELAY_MS = 250;

export interface OutlineTimers {
  setTimeout: (callback: () => void, ms: number) => unknown;
  clearTimeout: (handle: unknown) => void;
}

/**
 * The open chapter's headings, kept current as anyone edits: observes the chapter's fragment and
 * re-reads its headings after a short delay; the host re-renders only when they changed.
 */
export class OutlineController implements ReactiveController {
  items: readonly OutlineItem[] = [];
  private fragment: Y.XmlFragment | null = null;
  private timer: unknown = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly timers: OutlineTimers,
  ) {
    host.addController(this);
  }

  /** Follows `fragment` (null: no chapter open). */
  follow(fragment: Y.XmlFragment | null): void {
    if (fragment === this.fragment) return;
    this.fragment?.unobserveDeep(this.onChange);
    this.fragment = fragment;
    fragment?.observeDeep(this.onChange);
    this.refresh();
  }

  hostDisconnected(): void {
    this.follow(null);
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }

  private readonly onChange = () => {
    if (this.timer !== null) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      this.refresh();
    }, OUTLINE_DELAY_MS);
  };

  private refresh(): void {
    const next = this.fragment === null ? [] : outlineOf(this.fragment);
    if (isSameOutline(next, this.items)) return;
    this.items = next;
    this.host.requestUpdate();
  }
}

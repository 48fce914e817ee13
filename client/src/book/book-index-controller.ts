import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type * as Y from 'yjs';
import { BookIndex, type BookInfo } from './book-index';

/** Re-renders its host whenever the book's index document changes, locally or remotely. */
export class BookIndexController implements ReactiveController {
  private observed: Y.Doc | null = null;
  private index: BookIndex | null = null;
  private unobserve: (() => void) | null = null;
  private cached: BookInfo | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly getDoc: () => Y.Doc | null,
  ) {
    host.addController(this);
  }

  /** The index for edits (create, rename, word counts), or null while no book is open. */
  get bookIndex(): BookIndex | null {
    return this.index;
  }

  get info(): BookInfo | null {
    if (this.cached === null && this.index !== null) this.cached = this.index.read();
    return this.cached;
  }

  hostConnected(): void {
    this.sync();
  }

  hostUpdate(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.unobserve?.();
    this.unobserve = null;
    this.observed = null;
    this.index = null;
    this.cached = null;
  }

  private sync(): void {
    const doc = this.getDoc();
    if (doc === this.observed) return;
    this.unobserve?.();
    this.observed = doc;
    this.cached = null;
    this.index = doc === null ? null : new BookIndex(doc);
    this.unobserve =
      this.index?.observe(() => {
        this.cached = null;
        this.host.requestUpdate();
      }) ?? null;
  }
}

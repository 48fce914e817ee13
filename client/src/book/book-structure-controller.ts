import type { MoveTarget } from '@wethink/shared/client';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ApiClient } from '../api/api-client';
import { ApiError } from '../api/api-error';
import type { BookIndex } from './book-index';
import { createId } from './ids';

export interface BookStructureDeps {
  api: ApiClient;
  /** The index of the book on screen when this member may change it, else null. */
  writableIndex: () => BookIndex | null;
  bookId: () => string | null;
  userId: () => string | null;
  nowMs: () => number;
  fillRandom: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>;
}

/**
 * Applies the structure events that the chapter list, the trash and the chapter page send up
 * (move, trash, restore, parts, purge) to the book on screen. Index changes go into the shared
 * document (live for everyone, offline too); a purge is a request to the server, whose failure
 * becomes `purgeError` for the trash to show.
 */
export class BookStructureController implements ReactiveController {
  purgeError: string | null = null;
  /** The chapter whose purge the server is working on (it waits for the chapter's readers to go). */
  purging: string | null = null;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly deps: BookStructureDeps,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    for (const [type, listener] of this.listeners)
      this.host.addEventListener(type, listener as EventListener);
  }

  hostDisconnected(): void {
    for (const [type, listener] of this.listeners)
      this.host.removeEventListener(type, listener as EventListener);
  }

  private readonly listeners: [string, (event: CustomEvent) => void][] = [
    [
      'chapter-move',
      (event: CustomEvent<{ chapterId: string; target: MoveTarget }>) =>
        this.withIndex((index) => index.moveChapter(event.detail.chapterId, event.detail.target)),
    ],
    [
      'chapter-trash',
      (event: CustomEvent<{ chapterId: string }>) =>
        this.withIndex((index) =>
          index.trashChapter(event.detail.chapterId, {
            nowMs: this.deps.nowMs(),
            userId: this.deps.userId(),
          }),
        ),
    ],
    [
      'chapter-restore',
      (event: CustomEvent<{ chapterId: string }>) =>
        this.withIndex((index) => index.restoreChapter(event.detail.chapterId)),
    ],
    [
      'part-create',
      () =>
        this.withIndex((index) =>
          index.addPart({
            id: createId(this.deps.fillRandom),
            title: `Part ${index.read().parts.length + 1}`,
          }),
        ),
    ],
    [
      'part-rename',
      (event: CustomEvent<{ partId: string; title: string }>) =>
        this.withIndex((index) => index.renamePart(event.detail.partId, event.detail.title)),
    ],
    [
      'part-delete',
      (event: CustomEvent<{ partId: string }>) =>
        this.withIndex((index) => index.deletePart(event.detail.partId)),
    ],
    ['chapter-purge', (event: CustomEvent<{ chapterId: string }>) => void this.purge(event.detail.chapterId)],
  ];

  private withIndex(change: (index: BookIndex) => void): void {
    const index = this.deps.writableIndex();
    if (index !== null) change(index);
  }

  private async purge(chapterId: string): Promise<void> {
    const bookId = this.deps.bookId();
    if (bookId === null) return;
    this.purgeError = null;
    this.purging = chapterId;
    this.host.requestUpdate();
    try {
      await this.deps.api.purgeChapter(bookId, chapterId);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.purgeError = `Could not delete the chapter: ${error.message}`;
    } finally {
      this.purging = null;
      this.host.requestUpdate();
    }
  }
}

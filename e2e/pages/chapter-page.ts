import { expect, type Locator, type Page } from '@playwright/test';

export type SaveStage = 'memory' | 'device' | 'sent' | 'saved';
export type Connection = 'connecting' | 'live' | 'offline' | 'refused';
export type ToolbarAction =
  | 'bold'
  | 'italic'
  | 'link'
  | 'paragraph'
  | 'heading1'
  | 'heading2'
  | 'heading3'
  | 'blockquote'
  | 'bulletList'
  | 'orderedList'
  | 'horizontalRule'
  | 'note'
  | 'undo'
  | 'redo';

/** A chapter open in the editor: text, toolbar, presence bar, save indicator, remote cursors. */
export class ChapterPage {
  readonly editor: Locator;
  readonly saveIndicator: Locator;
  readonly presenceBar: Locator;
  readonly remoteCursors: Locator;
  readonly chapterWordCount: Locator;
  readonly bookWordCount: Locator;
  readonly chapterTitle: Locator;
  readonly chapterLinks: Locator;

  constructor(readonly page: Page) {
    this.editor = page.locator('book-editor .ProseMirror');
    this.saveIndicator = page.locator('chapter-view save-indicator');
    this.presenceBar = page.locator('presence-bar');
    this.remoteCursors = page.locator('book-editor .remote-cursor');
    this.chapterWordCount = page.getByTestId('chapter-word-count');
    this.bookWordCount = page.locator('chapter-view').getByTestId('book-word-count');
    this.chapterTitle = page.getByLabel('Chapter title');
    this.chapterLinks = page.locator('chapter-view chapter-list a');
  }

  async open(bookId: string, chapterId: string): Promise<void> {
    await this.page.goto(`/books/${bookId}/chapters/${chapterId}`);
    await expect(this.editor).toBeVisible();
  }

  async expectLive(): Promise<void> {
    await expect(this.saveIndicator).toHaveAttribute('connection', 'live');
  }

  async expectConnection(connection: Connection): Promise<void> {
    await expect(this.saveIndicator).toHaveAttribute('connection', connection);
  }

  async expectStage(stage: SaveStage): Promise<void> {
    await expect(this.saveIndicator).toHaveAttribute('stage', stage);
  }

  /** Puts the caret at the end of the chapter's last paragraph. */
  async focusEnd(): Promise<void> {
    await this.editor.click();
    await this.page.keyboard.press('Control+End');
  }

  /** Puts the caret at the end of paragraph `index` (0-based). */
  async focusParagraphEnd(index: number): Promise<void> {
    await this.editor.locator('p').nth(index).click();
    await this.page.keyboard.press('End');
  }

  async type(text: string, delayMs = 0): Promise<void> {
    await this.page.keyboard.type(text, { delay: delayMs });
  }

  async press(key: string): Promise<void> {
    await this.page.keyboard.press(key);
  }

  async undo(): Promise<void> {
    await this.page.keyboard.press('Control+z');
  }

  toolbarButton(action: ToolbarAction): Locator {
    return this.page.locator(`editor-toolbar button[data-action="${action}"]`);
  }

  /** The chapter's text, paragraph by paragraph, without other authors' cursor labels. */
  paragraphTexts(): Promise<string[]> {
    return this.editor.evaluate((root) => {
      const copy = root.cloneNode(true) as HTMLElement;
      for (const widget of copy.querySelectorAll('.remote-cursor')) widget.remove();
      return [...copy.querySelectorAll('p, h1, h2, h3')].map((block) =>
        (block.textContent ?? '').replace(/\u2060/g, ''),
      );
    });
  }

  async text(): Promise<string> {
    return (await this.paragraphTexts()).join('\n');
  }

  remoteCursor(name: string): Locator {
    return this.page.locator(`book-editor .remote-cursor[data-author="${name}"]`);
  }

  presenceEntry(name: string): Locator {
    return this.presenceBar.getByRole('button').filter({ hasText: name });
  }

  /** Resolves once the service worker controls the app, so a reload works offline. */
  async waitForOfflineShell(): Promise<void> {
    await this.page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
  }
}

import { expect, type Dialog, type Locator, type Page } from '@playwright/test';

export type SaveStage = 'saving' | 'memory' | 'device' | 'sent' | 'saved';
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
  readonly readingMode: Locator;
  readonly newChapter: Locator;
  readonly roleBadge: Locator;
  readonly toolbar: Locator;
  /** What the page tells someone whose edit it refused, or whose role changed. */
  readonly editNotice: Locator;
  /** The chapter's notes, listed after its text. */
  readonly notesList: Locator;

  constructor(readonly page: Page) {
    this.editor = page.locator('book-editor .ProseMirror');
    this.saveIndicator = page.locator('chapter-view save-indicator');
    this.presenceBar = page.locator('presence-bar');
    this.remoteCursors = page.locator('book-editor .remote-cursor');
    this.chapterWordCount = page.getByTestId('chapter-word-count');
    this.bookWordCount = page.locator('chapter-view').getByTestId('book-word-count');
    this.chapterTitle = page.getByLabel('Chapter title');
    this.chapterLinks = page.locator('chapter-view chapter-list a');
    this.readingMode = page.locator('chapter-view').getByRole('button', { name: /Reading mode|Edit/ });
    this.newChapter = page.locator('chapter-view chapter-list').getByRole('button', { name: 'New chapter' });
    this.roleBadge = page.locator('chapter-view role-badge');
    this.toolbar = page.locator('chapter-view editor-toolbar');
    this.editNotice = page.locator('chapter-view edit-notice .edit-notice:not([hidden])');
    this.notesList = page.locator('chapter-view chapter-notes');
  }

  async open(bookId: string, chapterId: string): Promise<void> {
    await this.page.goto(`/books/${bookId}/chapters/${chapterId}`);
    await expect(this.editor).toBeVisible();
  }

  /** The book's front page, then its first chapter through the chapter list. */
  async openFromBook(bookId: string): Promise<void> {
    await this.page.goto(`/books/${bookId}`);
    await this.page.locator('book-view chapter-list a').first().click();
    await expect(this.editor).toBeVisible();
  }

  /**
   * Text not editable, no toolbar, no new chapters, and the badge saying why. The text keeps a
   * caret (contenteditable) so it can be selected from the keyboard; the editor refuses changes.
   */
  async expectReadOnly(badge: 'Reviewing' | 'Reading only'): Promise<void> {
    await expect(this.roleBadge).toHaveText(badge);
    await expect(this.editor).toHaveAttribute('aria-readonly', 'true');
    await expect(this.toolbar).toHaveCount(0);
    await expect(this.newChapter).toHaveCount(0);
  }

  async expectEditable(): Promise<void> {
    await expect(this.editor).toHaveAttribute('contenteditable', 'true');
    await expect(this.editor).not.toHaveAttribute('aria-readonly', 'true');
    await expect(this.roleBadge).toHaveCount(0);
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

  /**
   * Waits until the caret is in the chapter's last block, pressing Ctrl+End again while it is not.
   * A co-author's change that lands between Chromium moving the caret and ProseMirror reading it
   * used to put the caret back where ProseMirror last saw it; the editor now reads the move first
   * (client/src/editor/dom-selection-flush.ts, specs/caret.spec.ts), and this stays as a guard.
   */
  async expectCaretAtEnd(): Promise<void> {
    await expect(async () => {
      const isAtEnd = await this.editor.evaluate((root) => {
        const blocks = root.querySelectorAll('p, h1, h2, h3');
        const last = blocks[blocks.length - 1];
        const caret = document.getSelection()?.focusNode;
        return !!last && !!caret && last.contains(caret);
      });
      if (!isAtEnd) await this.page.keyboard.press('Control+End');
      expect(isAtEnd).toBe(true);
    }).toPass({ timeout: 5000 });
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

  /** Clicks paragraph `index` (0-based) at its end with Shift held: extends the selection there. */
  async shiftClickParagraphEnd(index: number): Promise<void> {
    const paragraph = this.editor.locator('p').nth(index);
    const box = await paragraph.boundingBox();
    if (box === null) throw new Error(`paragraph ${index} is not shown`);
    await paragraph.click({ modifiers: ['Shift'], position: { x: box.width - 2, y: box.height / 2 } });
  }

  /** The text the page has selected now. */
  selectedText(): Promise<string> {
    return this.page.evaluate(() => document.getSelection()?.toString() ?? '');
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

  /**
   * Where another author's caret shows: the index of its block (paragraph or heading) and how many
   * characters of that block's text come before it; null while it is not shown.
   */
  remoteCaretPlace(name: string): Promise<{ block: number; offset: number } | null> {
    return this.editor.evaluate((root, author) => {
      const cursors = [...root.querySelectorAll<HTMLElement>('.remote-cursor')];
      const cursor = cursors.find((candidate) => candidate.dataset.author === author);
      const blocks = [...root.querySelectorAll('p, h1, h2, h3')];
      const block = cursor === undefined ? -1 : blocks.findIndex((candidate) => candidate.contains(cursor));
      if (cursor === undefined || block < 0) return null;
      const before = document.createRange();
      before.setStart(blocks[block]!, 0);
      before.setEndBefore(cursor);
      const text = before.cloneContents();
      for (const widget of text.querySelectorAll('.remote-cursor')) widget.remove();
      return { block, offset: (text.textContent ?? '').replace(/\u2060/g, '').length };
    }, name);
  }

  presenceEntry(name: string): Locator {
    return this.presenceBar.getByRole('button').filter({ hasText: name });
  }

  /** Every person in the presence bar: name shown, initials on the swatch, colour, tab count. */
  presencePeople(): Promise<Array<{ name: string; initials: string; color: string; tabs: string }>> {
    return this.presenceBar.evaluate((bar) =>
      [...(bar.shadowRoot?.querySelectorAll('button') ?? [])].map((button) => ({
        name: button.querySelector('.name')?.textContent?.trim() ?? '',
        initials: button.querySelector('.swatch')?.textContent?.trim() ?? '',
        color: button.dataset.color ?? button.querySelector<HTMLElement>('.swatch')?.style.background ?? '',
        tabs: button.querySelector('.tabs')?.textContent?.trim() ?? '',
      })),
    );
  }

  /** The colour another person's caret is drawn in (its `--author-color`). */
  remoteCursorColor(name: string): Promise<string> {
    return this.remoteCursor(name).evaluate((cursor) =>
      (cursor as HTMLElement).style.getPropertyValue('--author-color').trim(),
    );
  }

  /**
   * Reloads the page. If the app warns about unsaved changes on the way out (beforeunload), the
   * warning is accepted; returns whether it appeared.
   */
  async reload(): Promise<{ hadLeaveWarning: boolean }> {
    let hadLeaveWarning = false;
    const onDialog = (dialog: Dialog) => {
      if (dialog.type() === 'beforeunload') hadLeaveWarning = true;
      void dialog.accept();
    };
    this.page.on('dialog', onDialog);
    try {
      await this.page.reload();
    } finally {
      this.page.off('dialog', onDialog);
    }
    await expect(this.editor).toBeVisible();
    return { hadLeaveWarning };
  }

  /** Pastes HTML at the caret the way a browser does (a paste event with clipboard data). */
  async pasteHtml(html: string): Promise<void> {
    await this.editor.evaluate((editor, pasted) => {
      const data = new DataTransfer();
      data.setData('text/html', pasted);
      data.setData('text/plain', new DOMParser().parseFromString(pasted, 'text/html').body.textContent ?? '');
      editor.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
    }, html);
  }

  /**
   * Pastes HTML at the caret the way a browser does (a paste event with clipboard data) and
   * measures how long the page's main thread was blocked: a 10 ms timer notes every gap until the
   * editor stops being busy.
   */
  async pasteHtmlMeasuringResponsiveness(
    html: string,
  ): Promise<{ html: string; totalMs: number; longestStallMs: number }> {
    const { totalMs, longestStallMs } = await this.editor.evaluate(async (editor, pasted) => {
      let last = performance.now();
      let longestStallMs = 0;
      const probe = setInterval(() => {
        const now = performance.now();
        longestStallMs = Math.max(longestStallMs, now - last);
        last = now;
      }, 10);
      const started = performance.now();
      const data = new DataTransfer();
      data.setData('text/html', pasted);
      data.setData('text/plain', 'fallback');
      editor.dispatchEvent(
        new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
      );
      // Wait (bounded) for the chunked insert to finish.
      while (editor.getAttribute('aria-busy') === 'true' && performance.now() - started < 30_000) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const totalMs = performance.now() - started;
      clearInterval(probe);
      longestStallMs = Math.max(longestStallMs, performance.now() - last);
      return { totalMs: Math.round(totalMs), longestStallMs: Math.round(longestStallMs) };
    }, html);
    return { html, totalMs, longestStallMs };
  }

  /**
   * Starts noting every connection state the save indicator shows; the returned function reads
   * the list. Catches a flicker that a later assertion on the current state would miss.
   */
  async recordConnectionStates(): Promise<() => Promise<string[]>> {
    const handle = await this.saveIndicator.evaluateHandle((indicator) => {
      const seen: string[] = [];
      new MutationObserver(() => seen.push(indicator.getAttribute('connection') ?? '')).observe(indicator, {
        attributeFilter: ['connection'],
      });
      return seen;
    });
    return () => handle.jsonValue();
  }

  /**
   * Starts counting the updates (renders) of the custom elements named by `tags` (each class's
   * Lit `update`); the returned function reads the counts so far, by tag.
   */
  async countRenders(tags: readonly string[]): Promise<() => Promise<Record<string, number>>> {
    const handle = await this.page.evaluateHandle((names) => {
      const counts: Record<string, number> = Object.fromEntries(names.map((name) => [name, 0]));
      for (const name of names) {
        const element = customElements.get(name);
        if (element === undefined) throw new Error(`no custom element ${name}`);
        const proto = element.prototype as { update: (changed: unknown) => void };
        const update = proto.update;
        proto.update = function (this: unknown, changed: unknown) {
          counts[name] = (counts[name] ?? 0) + 1;
          update.call(this, changed);
        };
      }
      return counts;
    }, tags);
    return () => handle.jsonValue();
  }

  /** Records each stage the save indicator shows from now on, in order. */
  async recordStages(): Promise<() => Promise<string[]>> {
    const handle = await this.saveIndicator.evaluateHandle((indicator) => {
      const stages: string[] = [];
      new MutationObserver(() => stages.push(indicator.getAttribute('stage') ?? '')).observe(indicator, {
        attributes: true,
        attributeFilter: ['stage'],
      });
      return stages;
    });
    return () => handle.jsonValue();
  }

  /** Closes the tab the way a browser's close button does when no leave warning is asked for. */
  async closeTab(): Promise<void> {
    await this.page.close();
  }

  /** Resolves once the service worker controls the app, so a reload works offline. */
  async waitForOfflineShell(): Promise<void> {
    await this.page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
  }
}

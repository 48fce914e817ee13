import { expect, type Locator, type Page } from '@playwright/test';

/**
 * A chapter's comments: highlighted passages in the editor, the panel of threads beside it, the
 * review round banner, and the header's notifications bell.
 */
export class CommentsPage {
  readonly panel: Locator;
  readonly toggle: Locator;
  readonly commentButton: Locator;
  readonly highlights: Locator;
  readonly draftBody: Locator;
  readonly refusals: Locator;
  readonly orphaned: Locator;
  readonly banner: Locator;
  /** What a reader sees while no review round is open. */
  readonly closedRoundNote: Locator;
  readonly bell: Locator;

  constructor(readonly page: Page) {
    const status = page.locator('chapter-view .chapter-view__status');
    this.panel = page.locator('comments-panel');
    this.toggle = status.getByRole('button', { name: /^Comments/ });
    this.commentButton = status.getByRole('button', { name: 'Comment', exact: true });
    this.highlights = page.locator('book-editor .comment-highlight');
    this.draftBody = this.panel.getByLabel('New comment');
    this.refusals = this.panel.getByRole('alert');
    this.orphaned = this.panel.getByRole('list', { name: 'Orphaned threads' });
    this.banner = page.locator('round-banner .round-banner:not(.round-banner--closed)');
    this.closedRoundNote = page.locator('round-banner .round-banner--closed');
    this.bell = page.locator('notification-bell');
  }

  async open(): Promise<void> {
    if ((await this.toggle.getAttribute('aria-expanded')) !== 'true') await this.toggle.click();
    await expect(this.panel.getByRole('heading', { name: 'Comments' })).toBeVisible();
  }

  /**
   * Selects `text` in the chapter as a mouse drag would (the page's selection, which the editor
   * follows), even when it is split by highlights or lies in a read-only editor.
   */
  async selectText(text: string): Promise<void> {
    expect(await this.setSelection(text, false)).toBe(text);
  }

  /**
   * Puts the caret right after `text`, in one step: selecting it and pressing ArrowRight leaves
   * the collapse to the browser, whose selectionchange can reach the editor after the next key.
   */
  async caretAfter(text: string): Promise<void> {
    expect(await this.setSelection(text, true)).toBe('');
  }

  private async setSelection(text: string, collapseToEnd: boolean): Promise<string | null> {
    const editor = this.page.locator('book-editor .ProseMirror');
    return editor.evaluate(
      (root, [wanted, collapse]) => {
        (root as HTMLElement).focus();
        const nodes: Text[] = [];
        const walker = root.ownerDocument.createTreeWalker(root, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
          if (node.parentElement?.closest('.remote-cursor') === null) nodes.push(node as Text);
        }
        const all = nodes.map((node) => node.data).join('');
        const at = all.indexOf(wanted);
        if (at < 0) return null;
        const locate = (offset: number, isEnd: boolean): [Text, number] => {
          let seen = 0;
          for (const node of nodes) {
            const next = seen + node.data.length;
            if (offset < next || (isEnd && offset === next)) return [node, offset - seen];
            seen = next;
          }
          const last = nodes[nodes.length - 1]!;
          return [last, last.data.length];
        };
        const [startNode, startOffset] = locate(at, false);
        const [endNode, endOffset] = locate(at + wanted.length, true);
        const selection = root.ownerDocument.getSelection()!;
        if (collapse) selection.setBaseAndExtent(endNode, endOffset, endNode, endOffset);
        else selection.setBaseAndExtent(startNode, startOffset, endNode, endOffset);
        // The editor reads the selection on this event; sent now rather than whenever the browser does.
        root.ownerDocument.dispatchEvent(new Event('selectionchange'));
        return selection.toString();
      },
      [text, collapseToEnd] as const,
    );
  }

  /** Selects `passage` and sends a new comment on it through the panel. */
  async commentOn(passage: string, body: string): Promise<void> {
    await this.startDraft(passage, body);
    await this.sendDraft();
  }

  /**
   * Selects `passage`, presses Comment (or the editor's shortcut, Ctrl+Alt+M) and types the
   * comment without sending it.
   */
  async startDraft(passage: string, body: string, { useShortcut = false } = {}): Promise<void> {
    await this.selectText(passage);
    if (useShortcut) await this.page.keyboard.press('Control+Alt+m');
    else await this.commentButton.click();
    await expect(this.panel.getByText(`Comment on “${passage}”`)).toBeVisible();
    await this.draftBody.fill(body);
  }

  /** Sends the new comment from its text box with Ctrl+Enter. */
  async sendDraftWithKeyboard(): Promise<void> {
    await this.draftBody.press('Control+Enter');
  }

  async sendDraft(): Promise<void> {
    await this.panel
      .locator('.comments-panel__draft')
      .getByRole('button', { name: 'Comment', exact: true })
      .click();
  }

  /** The thread (in the panel) that begins with `quote`. */
  thread(quote: string): Locator {
    return this.panel
      .locator('comment-thread')
      .filter({ has: this.page.locator('.comment-thread__quote', { hasText: quote }) });
  }

  /** The comments of a thread, in order. */
  comments(quote: string): Locator {
    return this.thread(quote).locator('.comment');
  }

  /** The text of one comment as shown (mentions included, as text). */
  commentBody(quote: string, index: number): Locator {
    return this.comments(quote).nth(index).locator('.comment__body');
  }

  async reply(quote: string, body: string): Promise<void> {
    const thread = this.thread(quote);
    await thread.getByLabel('Reply').fill(body);
    await thread.getByRole('button', { name: 'Reply', exact: true }).click();
  }

  /** Edits the `index`th comment of a thread (one's own). */
  /** Replies from the keyboard: types into the reply box and presses Ctrl+Enter. */
  async replyWithKeyboard(quote: string, body: string): Promise<void> {
    const box = this.thread(quote).getByLabel('Reply');
    await box.fill(body);
    await box.press('Control+Enter');
  }

  /** Edits from the keyboard: Edit, new text, Ctrl+Enter. */
  async editWithKeyboard(quote: string, index: number, body: string): Promise<void> {
    const comment = this.comments(quote).nth(index);
    await comment.getByRole('button', { name: 'Edit' }).click();
    const box = comment.getByLabel('Edit your comment');
    await box.fill(body);
    await box.press('Control+Enter');
  }

  async edit(quote: string, index: number, body: string): Promise<void> {
    const comment = this.comments(quote).nth(index);
    await comment.getByRole('button', { name: 'Edit' }).click();
    await comment.getByLabel('Edit your comment').fill(body);
    await comment.getByRole('button', { name: 'Save' }).click();
  }

  /** The "sending…" marks in the panel: writes still waiting for the server. */
  sending(): Locator {
    return this.panel.getByText('sending…');
  }

  async resolve(quote: string): Promise<void> {
    await this.thread(quote).getByRole('button', { name: 'Resolve' }).click();
  }

  async expectStatus(quote: string, status: 'open' | 'resolved'): Promise<void> {
    await expect(this.thread(quote).locator('.comment-thread')).toHaveAttribute('data-status', status);
  }

  /** The highlighted passage of the thread that begins with `quote`, by its thread id. */
  async highlightOf(quote: string): Promise<Locator> {
    const threadId = await this.thread(quote).locator('.comment-thread').getAttribute('data-thread-id');
    if (threadId === null) throw new Error(`no thread on “${quote}”`);
    return this.page.locator(`book-editor .comment-highlight[data-thread-id="${threadId}"]`);
  }

  /** The passage text highlighted in the editor, joined (without other authors' cursor labels). */
  highlightedText(): Promise<string> {
    return this.highlights.evaluateAll((spans) =>
      spans
        .map((span) => {
          const copy = span.cloneNode(true) as HTMLElement;
          for (const widget of copy.querySelectorAll('.remote-cursor')) widget.remove();
          return (copy.textContent ?? '').replace(/\u2060/g, '');
        })
        .join(''),
    );
  }

  /** What the page has selected now (after jumping to a passage). */
  pageSelection(): Promise<string> {
    return this.page.evaluate(() => document.getSelection()?.toString() ?? '');
  }

  async openRound(title: string): Promise<void> {
    await this.panel.locator('summary', { hasText: 'Send draft to readers' }).click();
    await this.panel.getByLabel('Title').fill(title);
    await this.panel.getByRole('button', { name: 'Send to readers' }).click();
    await expect(this.banner).toContainText(title);
  }

  async closeRound(): Promise<void> {
    await this.banner.getByRole('button', { name: 'Close round' }).click();
    await this.banner.getByRole('button', { name: 'Yes, close' }).click();
    await expect(this.banner).toHaveCount(0);
  }

  /** The members the new comment box offers after `@` (the listbox, while open). */
  mentionList(): Locator {
    return this.panel.getByRole('listbox', { name: 'Members' });
  }

  /** Selects `passage`, presses Comment and types `text` key by key (so suggestions follow it). */
  async typeDraft(passage: string, text: string): Promise<void> {
    await this.selectText(passage);
    await this.commentButton.click();
    await expect(this.panel.getByText(`Comment on “${passage}”`)).toBeVisible();
    await this.draftBody.pressSequentially(text);
  }

  bellButton(): Locator {
    return this.bell.getByRole('button', { name: /^Notifications/ });
  }

  /** Opens the bell and the first notification in it. */
  async openFirstNotification(): Promise<void> {
    await this.bellButton().click();
    await this.bell.locator('.notification__open').first().click();
  }
}

import { expect, type Locator, type Page } from '@playwright/test';

/** A chapter's suggestions: the Suggest switch, the marks in the text, and the list under it. */
export class SuggestionsPage {
  readonly toggle: Locator;
  readonly panel: Locator;
  readonly insertions: Locator;
  readonly deletions: Locator;
  readonly error: Locator;
  /** "What changed because of you" on this chapter. */
  readonly mine: Locator;
  /** The owner's per-round outcomes. */
  readonly rounds: Locator;

  constructor(readonly page: Page) {
    this.toggle = page.locator('chapter-view').getByRole('button', { name: 'Suggest', exact: true });
    this.panel = page.locator('suggestions-panel');
    this.insertions = page.locator('book-editor .suggestion-insert:not(.suggestion-insert--typing)');
    this.deletions = page.locator('book-editor .suggestion-delete');
    this.error = this.panel.getByRole('alert');
    this.mine = this.panel.getByRole('region', { name: 'What changed because of you' });
    this.rounds = this.panel.getByRole('region', { name: 'Review round outcomes' });
  }

  async start(): Promise<void> {
    await this.toggle.click();
    await expect(this.toggle).toHaveAttribute('aria-pressed', 'true');
    await expect(this.page.locator('book-editor .ProseMirror')).toHaveAttribute('data-suggesting', 'true');
  }

  item(text: string): Locator {
    return this.panel.locator('.suggestions-panel__item').filter({ hasText: text });
  }

  async decide(text: string, action: 'Accept' | 'Reject' | 'Withdraw'): Promise<void> {
    await this.item(text).getByRole('button', { name: action }).click();
  }
}

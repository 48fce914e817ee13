import { expect, type Locator, type Page } from '@playwright/test';

/** A chapter's suggestions: the Suggest switch, the marks in the text, and the list under it. */
export class SuggestionsPage {
  readonly toggle: Locator;
  readonly panel: Locator;
  readonly insertions: Locator;
  readonly deletions: Locator;
  /** Passages with a suggested formatting change (dotted underline). */
  readonly formats: Locator;
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
    this.formats = page.locator('book-editor .suggestion-format');
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

  /** "Accept all", "Accept all from Rita", "Reject all": the button that asks first. */
  bulkButton(label: string): Locator {
    return this.panel
      .getByRole('group', { name: 'Decide many' })
      .getByRole('button', { name: label, exact: true });
  }

  /** Clicks a bulk decision and confirms it. */
  async decideAll(label: string): Promise<void> {
    await this.bulkButton(label).click();
    await this.panel.locator('.confirm-button__yes').filter({ hasText: label }).click();
  }

  /** Suggestions of this device not on the server yet ("Waiting to send"). */
  get pending(): Locator {
    return this.panel.locator('.suggestions-panel__pending');
  }

  /** Asks for, and returns, the book-wide "because of you" line. */
  async bookWide(): Promise<Locator> {
    await this.mine.getByRole('button', { name: 'Across the book' }).click();
    return this.panel.getByTestId('because-of-you-book');
  }

  /** The replies under a suggestion. */
  thread(text: string): Locator {
    return this.item(text).getByRole('list', { name: 'Replies' });
  }

  async reply(text: string, body: string): Promise<void> {
    const input = this.item(text).getByRole('textbox', { name: /^Reply to / });
    await input.fill(body);
    await this.item(text).getByRole('button', { name: 'Reply', exact: true }).click();
  }
}

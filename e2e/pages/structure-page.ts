import { expect, type Locator, type Page } from '@playwright/test';

/** A book's front page as a structure editor: its chapter list (parts, drag, keys) and its trash. */
export class StructurePage {
  readonly list: Locator;
  readonly trash: Locator;

  constructor(readonly page: Page) {
    this.list = page.locator('book-view chapter-list');
    this.trash = page.locator('book-view chapter-trash');
  }

  chapterLink(title: string): Locator {
    return this.list.getByRole('link', { name: new RegExp(`^${title}\\b`) });
  }

  /** The chapter titles the list shows now, in reading order. */
  async titles(): Promise<string[]> {
    return this.list.locator('li.chapter .title').allTextContents();
  }

  /** Chapter titles in the list's reading order. */
  async expectOrder(titles: readonly string[]): Promise<void> {
    await expect(this.list.locator('li.chapter .title')).toHaveText([...titles]);
  }

  async drag(title: string, ontoTitle: string): Promise<void> {
    await this.list
      .locator('li.chapter', { hasText: title })
      .dragTo(this.list.locator('li.chapter', { hasText: ontoTitle }));
  }

  async dragIntoPart(title: string, partIndex = 0): Promise<void> {
    await this.list
      .locator('li.chapter', { hasText: title })
      .dragTo(this.list.locator('.part__head').nth(partIndex), { targetPosition: { x: 4, y: 4 } });
  }

  async moveWithKeys(title: string, key: 'Alt+ArrowUp' | 'Alt+ArrowDown'): Promise<void> {
    await this.chapterLink(title).focus();
    await this.page.keyboard.press(key);
  }

  async toTrash(title: string): Promise<void> {
    await this.list.getByRole('button', { name: `Move ${title} to the trash` }).click();
  }

  trashed(title: string): Locator {
    return this.trash.getByRole('listitem').filter({ hasText: title });
  }

  async restore(title: string): Promise<void> {
    await this.trashed(title).getByRole('button', { name: 'Restore' }).click();
  }

  async purge(title: string): Promise<void> {
    await this.trashed(title).getByRole('button', { name: 'Delete for good' }).click();
    await this.trashed(title)
      .getByRole('button', { name: /and its history for good/ })
      .click();
  }

  async addPart(): Promise<void> {
    await this.list.getByRole('button', { name: 'New part' }).click();
  }
}

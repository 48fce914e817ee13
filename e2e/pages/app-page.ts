import { expect, type Locator, type Page } from '@playwright/test';

export interface BookAddress {
  bookId: string;
  chapterId: string;
}

const chapterUrlPattern = /\/books\/([A-Za-z0-9_-]+)\/chapters\/([A-Za-z0-9_-]+)$/;

/** The app shell: the first-visit name prompt, the start page and not-found pages. */
export class AppPage {
  readonly namePrompt: Locator;
  readonly notFound: Locator;

  constructor(readonly page: Page) {
    this.namePrompt = page.locator('name-prompt');
    this.notFound = page.locator('not-found-page');
  }

  async open(path = '/'): Promise<void> {
    await this.page.goto(path);
  }

  /** Answers the first-visit prompt; the choice is kept in localStorage for later visits. */
  async introduceAs(name: string, colorIndex = 0): Promise<void> {
    await this.namePrompt.getByLabel('Your name').fill(name);
    await this.namePrompt.getByRole('radio').nth(colorIndex).click();
    await this.namePrompt.getByRole('button', { name: 'Start writing' }).click();
    await expect(this.namePrompt).toHaveCount(0);
  }

  /** Starts a book from the start page and returns the address of its first chapter. */
  async createBook(title: string): Promise<BookAddress> {
    await this.page.getByLabel('Title of your new book').fill(title);
    await this.page.getByRole('button', { name: 'Start a new book' }).click();
    await expect(this.page).toHaveURL(chapterUrlPattern);
    const match = chapterUrlPattern.exec(new URL(this.page.url()).pathname);
    if (match?.[1] === undefined || match[2] === undefined)
      throw new Error(`not a chapter URL: ${this.page.url()}`);
    return { bookId: match[1], chapterId: match[2] };
  }

  notFoundHeading(): Locator {
    return this.notFound.getByRole('heading');
  }
}

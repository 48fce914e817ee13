import { expect, type Locator, type Page } from '@playwright/test';
import type { Credentials } from '../support/account-api';

export interface BookAddress {
  bookId: string;
  chapterId: string;
}

const chapterUrlPattern = /\/books\/([A-Za-z0-9_-]+)\/chapters\/([A-Za-z0-9_-]+)$/;

/**
 * The app shell: sign-up and sign-in pages, the start page with the user's books, invite pages
 * and not-found pages.
 */
export class AppPage {
  readonly home: Locator;
  readonly authForm: Locator;
  readonly formError: Locator;
  readonly notFound: Locator;
  readonly invite: Locator;
  /** The chapter list on a book's front page. */
  readonly bookChapterLinks: Locator;
  /** The bar above every signed-in page: home, notifications, account, sign out. */
  readonly appBar: Locator;

  constructor(readonly page: Page) {
    this.home = page.locator('home-view');
    this.authForm = page.locator('auth-view form');
    this.formError = page.locator('.form-error');
    this.notFound = page.locator('not-found-page');
    this.invite = page.locator('invite-view');
    this.bookChapterLinks = page.locator('book-view chapter-list a');
    this.appBar = page.locator('.app-bar');
  }

  async open(path = '/'): Promise<void> {
    await this.page.goto(path);
  }

  /** A book's front page: its title and chapter list. */
  async openBook(bookId: string): Promise<void> {
    await this.page.goto(`/books/${bookId}`);
    await expect(this.bookChapterLinks.first()).toBeVisible();
  }

  async expectHome(): Promise<void> {
    await expect(this.home.getByRole('button', { name: 'Start a new book' })).toBeVisible();
  }

  async expectOnSignIn(): Promise<void> {
    await expect(this.page).toHaveURL(/\/sign-in(\?|$)/);
    await expect(this.authForm.getByRole('button', { name: 'Sign in' })).toBeVisible();
  }

  /** Fills and sends the sign-up form (the page must show it). */
  async signUp(credentials: Credentials): Promise<void> {
    await this.authForm.getByLabel('Your name').fill(credentials.name);
    await this.authForm.getByLabel('Email').fill(credentials.email);
    await this.authForm.getByLabel('Password').fill(credentials.password);
    await this.authForm.getByRole('button', { name: 'Create account' }).click();
  }

  async signIn(credentials: Pick<Credentials, 'email' | 'password'>): Promise<void> {
    await this.authForm.getByLabel('Email').fill(credentials.email);
    await this.authForm.getByLabel('Password').fill(credentials.password);
    await this.authForm.getByRole('button', { name: 'Sign in' }).click();
  }

  /** From the sign-in page, the link to create an account instead (keeps where to go back to). */
  async goToSignUp(): Promise<void> {
    await this.page.getByRole('link', { name: 'Create an account' }).click();
    await expect(this.authForm.getByRole('button', { name: 'Create account' })).toBeVisible();
  }

  /** Signs out from the bar above every signed-in page. */
  async signOut(): Promise<void> {
    await this.appBar.getByRole('button', { name: 'Sign out' }).click();
    await this.expectOnSignIn();
  }

  /** The start page's entry for a book, with the user's role in it. */
  bookEntry(title: string): Locator {
    return this.home.getByRole('listitem').filter({ hasText: title });
  }

  /** On an invite page: joins the book (signed in). */
  async joinFromInvite(): Promise<void> {
    await this.invite.getByRole('button', { name: 'Join' }).click();
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

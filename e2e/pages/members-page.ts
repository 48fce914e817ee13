import { expect, type Locator, type Page } from '@playwright/test';
import type { Role } from '../support/account-api';

/** A book's people page: members with roles, and (for the owner) invite links. */
export class MembersPage {
  readonly view: Locator;
  readonly error: Locator;
  readonly inviteLinks: Locator;

  constructor(readonly page: Page) {
    this.view = page.locator('members-view');
    this.error = this.view.locator('.form-error');
    this.inviteLinks = this.view.locator('.members-view__invite');
  }

  async open(bookId: string): Promise<void> {
    await this.page.goto(`/books/${bookId}/members`);
    await expect(this.view.getByRole('table', { name: 'Members' })).toBeVisible();
  }

  /** From the book's front page, follows its link to this page. */
  async openFromBook(): Promise<void> {
    await this.page.getByRole('link', { name: 'People and invites' }).click();
    await expect(this.view.getByRole('table', { name: 'Members' })).toBeVisible();
  }

  member(name: string): Locator {
    return this.view.locator(`tr[data-member="${name}"]`);
  }

  roleSelect(name: string): Locator {
    return this.view.getByLabel(`Role of ${name}`);
  }

  /** Chooses the signed-in member's colour in this book, by its name in the chooser ("Teal"). */
  async chooseMyColour(label: string): Promise<void> {
    await this.view.getByLabel('Your colour in this book').selectOption({ label });
  }

  async setRole(name: string, role: Role): Promise<void> {
    await this.roleSelect(name).selectOption(role);
  }

  /** Asks to remove `name`; the page asks back, in the member's row. */
  async askToRemove(name: string): Promise<Locator> {
    await this.view.getByRole('button', { name: `Remove ${name}` }).click();
    const question = this.member(name).getByRole('group', { name: /^Remove .* from this book\?$/ });
    await expect(question).toBeVisible();
    return question;
  }

  async remove(name: string): Promise<void> {
    const question = await this.askToRemove(name);
    await question.getByRole('button', { name: 'Yes, remove' }).click();
    await expect(this.member(name)).toHaveCount(0);
  }

  /** Blocks reader `name` (asks back first): removed, and refused when joining through a link again. */
  async block(name: string): Promise<void> {
    await this.view.getByRole('button', { name: `Block ${name}` }).click();
    const question = this.member(name).getByRole('group', { name: /^Remove .* public links again\?$/ });
    await question.getByRole('button', { name: 'Yes, block' }).click();
    await expect(this.member(name)).toHaveCount(0);
  }

  /** Creates an invite link for `role` (with limits, as the page offers them) and returns its URL. */
  async createInvite(
    role: Exclude<Role, 'owner'>,
    limits: { worksFor?: string; usableBy?: string } = {},
  ): Promise<string> {
    const before = await this.inviteIds();
    await this.view.getByLabel('Link works for').selectOption({ label: limits.worksFor ?? 'until revoked' });
    await this.view
      .getByLabel('Who may use the link')
      .selectOption({ label: limits.usableBy ?? 'anyone with it' });
    await this.view.getByRole('button', { name: `New ${role} link` }).click();
    await expect(this.inviteLinks).toHaveCount(before.length + 1);
    const added = (await this.inviteIds()).find((id) => !before.includes(id));
    const link = this.view
      .locator(`.members-view__invite[data-invite-id="${added}"]`)
      .getByLabel(`Invite link for ${role}`);
    const url = await link.inputValue();
    expect(url).toMatch(/\/invite\/[A-Za-z0-9_-]+$/);
    return url;
  }

  /** The invite links' ids, in the order the page lists them. */
  inviteIds(): Promise<string[]> {
    return this.inviteLinks.evaluateAll((items) =>
      items.map((item) => item.getAttribute('data-invite-id') ?? ''),
    );
  }

  /** The invite links' URLs, in the order the page lists them. */
  inviteUrls(): Promise<string[]> {
    return this.inviteLinks
      .locator('input')
      .evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
  }

  inviteEntry(url: string): Locator {
    return this.inviteLinks.filter({ has: this.page.locator(`input[value="${url}"]`) });
  }

  async revokeInvite(url: string): Promise<void> {
    const entry = this.inviteEntry(url);
    await entry.getByRole('button', { name: 'Revoke' }).click();
    await entry.getByRole('button', { name: 'Yes, revoke' }).click();
    await expect(entry).toHaveCount(0);
  }
}

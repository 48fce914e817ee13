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

  async setRole(name: string, role: Role): Promise<void> {
    await this.roleSelect(name).selectOption(role);
  }

  async remove(name: string): Promise<void> {
    await this.view.getByRole('button', { name: `Remove ${name}` }).click();
    await expect(this.member(name)).toHaveCount(0);
  }

  /** Creates an invite link for `role` and returns its URL as shown to copy. */
  async createInvite(role: Exclude<Role, 'owner'>): Promise<string> {
    const before = await this.inviteLinks.count();
    await this.view.getByRole('button', { name: `New ${role} link` }).click();
    await expect(this.inviteLinks).toHaveCount(before + 1);
    const link = this.inviteLinks.nth(before).getByLabel(`Invite link for ${role}`);
    const url = await link.inputValue();
    expect(url).toMatch(/\/invite\/[A-Za-z0-9_-]+$/);
    return url;
  }

  async revokeInvite(url: string): Promise<void> {
    const entry = this.inviteLinks.filter({ has: this.page.locator(`input[value="${url}"]`) });
    await entry.getByRole('button', { name: 'Revoke' }).click();
    await expect(entry).toHaveCount(0);
  }
}

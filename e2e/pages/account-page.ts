import { expect, type Locator, type Page } from '@playwright/test';

/** The account page: name and colour, password, signing out everywhere. */
export class AccountPage {
  readonly view: Locator;
  readonly heading: Locator;
  readonly nameInput: Locator;
  readonly profileStatus: Locator;
  readonly passwordStatus: Locator;
  readonly passwordError: Locator;

  constructor(readonly page: Page) {
    this.view = page.locator('account-view');
    this.heading = this.view.getByRole('heading', { name: 'Your account' });
    this.nameInput = this.view.getByLabel('Your name, as co-authors see it');
    const profile = this.view.getByRole('form', { name: 'Name and colour' });
    const password = this.view.getByRole('form', { name: 'Password' });
    this.profileStatus = profile.getByRole('status');
    this.passwordStatus = password.getByRole('status');
    this.passwordError = password.getByRole('alert');
  }

  async open(): Promise<void> {
    await this.page.goto('/account');
    await expect(this.heading).toBeVisible();
  }

  colorChoice(name: string): Locator {
    return this.view.getByRole('radio', { name });
  }

  async saveProfile({ name, color }: { name?: string; color?: string }): Promise<void> {
    if (name !== undefined) await this.nameInput.fill(name);
    if (color !== undefined) await this.colorChoice(color).check();
    await this.view.getByRole('button', { name: 'Save' }).click();
  }

  async changePassword(current: string, next: string): Promise<void> {
    await this.view.getByLabel('Current password').fill(current);
    await this.view.getByLabel('New password').fill(next);
    await this.view.getByRole('button', { name: 'Change password' }).click();
  }

  async signOutEverywhere(): Promise<void> {
    await this.view.getByRole('button', { name: 'Sign out everywhere' }).click();
    await this.view.getByRole('button', { name: 'Yes, everywhere' }).click();
  }
}

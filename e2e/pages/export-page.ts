import { expect, type Download, type Locator, type Page } from '@playwright/test';

/** The book page's Export dialog: pick a format, download, and the file the browser saved. */
export class ExportPage {
  readonly openButton: Locator;
  readonly dialog: Locator;
  readonly status: Locator;

  constructor(readonly page: Page) {
    this.openButton = page.locator('export-dialog').getByRole('button', { name: 'Export…' });
    this.dialog = page.locator('export-dialog dialog');
    this.status = this.dialog.getByRole('status');
  }

  async open(): Promise<void> {
    await this.openButton.click();
    await expect(this.dialog).toBeVisible();
  }

  /** Ticks or clears "Comments as an appendix". */
  async setComments(isIncluded: boolean): Promise<void> {
    await this.dialog.getByRole('checkbox', { name: /Comments as an appendix/ }).setChecked(isIncluded);
  }

  /** Chooses "Upload an image…" as the cover and picks `file`. */
  async uploadCover(file: string): Promise<void> {
    await this.dialog.getByRole('combobox', { name: 'Cover', exact: true }).selectOption('upload');
    await this.dialog.getByLabel('Cover image (PNG, JPEG or GIF)').setInputFiles(file);
  }

  /** Chooses "Chapters as named versions" and, for the chapter titled `chapter`, the version `name`. */
  async chooseVersion(chapter: string, name: string): Promise<void> {
    await this.dialog.getByRole('radio', { name: 'Chapters as named versions' }).check();
    const select = this.dialog.getByRole('combobox', { name: chapter });
    await expect(select).toBeEnabled();
    const value = await select.locator('option', { hasText: name }).getAttribute('value');
    await select.selectOption(value!);
  }

  /** Downloads the book as `format` (the select's value) and returns the browser's download. */
  async download(format: 'epub' | 'docx' | 'pdf' | 'md' | 'html'): Promise<Download> {
    await this.dialog.getByLabel('Format').selectOption(format);
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.dialog.getByRole('button', { name: 'Download' }).click(),
    ]);
    await expect(this.status).toHaveAttribute('data-status', 'done');
    return download;
  }
}

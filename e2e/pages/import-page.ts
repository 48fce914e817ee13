import { expect, type Locator, type Page } from '@playwright/test';

/** The book page's "Import chapters…" entry: a file picked there is appended as chapters. */
export class ImportPage {
  readonly input: Locator;
  readonly status: Locator;

  constructor(readonly page: Page) {
    this.input = page.locator('import-entry').getByLabel('Import chapters…');
    this.status = page.locator('import-entry').getByRole('status');
  }

  /** Picks `file` and waits for the summary ("Added 2 chapters."). */
  async importFile(file: string, expectedSummary: RegExp): Promise<void> {
    await this.input.setInputFiles(file);
    await expect(this.status).toHaveText(expectedSummary);
  }
}

import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { expect, startBook, test } from '../fixtures/authors';
import { consoleAllowances } from '../support/console-allowances';

/** A real 1×1 PNG, written to a temp file for the file picker. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

test('an author inserts an image and a table while a co-author types; both see them', async ({
  newAuthor,
}) => {
  const authors = await Promise.all([newAuthor('Ada'), newAuthor('Ben')]);
  const [ada, ben] = authors as [(typeof authors)[0], (typeof authors)[0]];
  await startBook(authors);
  const file = path.join(tmpdir(), `wethink-e2e-${process.pid}-map.png`);
  writeFileSync(file, PNG);

  await ben.chapter.focusEnd();
  const typing = ben.chapter.type('Ben keeps typing while figures arrive.', 40);
  await ada.chapter.focusEnd();
  await ada.page.locator('chapter-view input[type="file"]').setInputFiles(file);
  await expect(ada.page.locator('book-editor figure img')).toHaveCount(1);
  await ada.page.locator('chapter-view').getByRole('button', { name: 'Table' }).click();
  await typing;

  for (const author of [ada, ben]) {
    const image = author.page.locator('book-editor figure img');
    await expect(image).toHaveAttribute('src', /\/api\/books\/[A-Za-z0-9_-]+\/images\/[0-9a-f]{64}$/);
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
    await expect(author.page.locator('book-editor table th')).toHaveCount(2);
    await expect(author.chapter.editor).toContainText('Ben keeps typing while figures arrive.');
  }

  // A caption is text like any other, and a cell takes typing.
  await ada.page.locator('book-editor figure figcaption').click();
  await ada.page.keyboard.type('Figure 1: the map');
  await ada.page.locator('book-editor table td').first().click();
  await ada.page.keyboard.type('cell text');
  await expect(ben.page.locator('book-editor figcaption')).toContainText('Figure 1: the map');
  await expect(ben.page.locator('book-editor table td').first()).toContainText('cell text');

  // Rows and columns: the table's buttons show with the caret in a table, and only then.
  const toolbar = ada.page.locator('editor-toolbar');
  await expect(toolbar.getByRole('button', { name: 'Add a row below' })).toBeVisible();
  await toolbar.getByRole('button', { name: 'Add a row below' }).click();
  await toolbar.getByRole('button', { name: 'Add a column after' }).click();
  for (const author of [ada, ben]) {
    await expect(author.page.locator('book-editor table tr')).toHaveCount(4);
    await expect(author.page.locator('book-editor table th')).toHaveCount(3);
  }
  await toolbar.getByRole('button', { name: 'Delete this column' }).click();
  await expect(ben.page.locator('book-editor table th')).toHaveCount(2);
  await ada.page.locator('book-editor figure figcaption').click();
  await expect(toolbar.getByRole('button', { name: 'Add a row below' })).toHaveCount(0);
});

test.describe('offline', () => {
  test.use({ consoleAllowed: { patterns: [...consoleAllowances.networkDown] } });

  test('an image seen once still shows after an offline reload', async ({ newAuthor }) => {
    const ada = await newAuthor('Ada');
    await startBook([ada]);
    const file = path.join(tmpdir(), `wethink-e2e-${process.pid}-offline.png`);
    writeFileSync(file, PNG);
    await ada.chapter.focusEnd();
    await ada.page.locator('chapter-view input[type="file"]').setInputFiles(file);
    const image = ada.page.locator('book-editor figure img');
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
    await ada.chapter.expectStage('saved');
    await ada.chapter.waitForOfflineShell();

    await ada.context.setOffline(true);
    await ada.chapter.reload();
    await ada.chapter.expectConnection('offline');
    // The text from IndexedDB, the image from the service worker's cache.
    await expect(image).toHaveCount(1);
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(1);
    await ada.context.setOffline(false);
  });
});

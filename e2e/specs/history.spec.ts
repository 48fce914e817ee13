import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addMember, expect, startBook, test } from '../fixtures/authors';

const artifactsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');

test('versions, authors’ colours, a diff by author and a restore that reaches the other author live; a reviewer only reads the history', async ({
  newAuthor,
}, testInfo) => {
  mkdirSync(artifactsDir, { recursive: true });
  const snapshot = async (name: string) => {
    const screenshotPath = path.join(artifactsDir, `${name}.png`);
    await ada.page.locator('chapter-view').screenshot({ path: screenshotPath });
    await testInfo.attach(name, { path: screenshotPath, contentType: 'image/png' });
  };
  // Three browser contexts on a shared two-core machine: about 20 s alone, near 60 s under load.
  test.setTimeout(120_000);
  const authors = await Promise.all([newAuthor('Ada'), newAuthor('Ben')]);
  const [ada, ben] = authors as [(typeof authors)[0], (typeof authors)[0]];
  const { bookId, chapterId } = await startBook(authors);

  // Two authors write a paragraph each.
  await ada.chapter.focusEnd();
  await ada.chapter.type('Ada opens the story.');
  await expect.poll(() => ben.chapter.text()).toBe('Ada opens the story.');
  await ben.chapter.focusEnd();
  await ben.chapter.press('Enter');
  await ben.chapter.type('Ben adds a line.');
  const firstDraft = 'Ada opens the story.\nBen adds a line.';
  await expect.poll(() => ada.chapter.text()).toBe(firstDraft);
  await Promise.all([ada.chapter.expectStage('saved'), ben.chapter.expectStage('saved')]);

  // The credits, linked from the book's page, name both authors by their words.
  await ada.app.open(`/books/${bookId}`);
  await ada.page.getByRole('link', { name: 'Credits' }).click();
  const credits = ada.page.getByTestId('credits-text');
  await expect(credits).toContainText('Ada (4 words)');
  await expect(credits).toContainText('Ben (4 words)');
  await ada.chapter.open(bookId, chapterId);
  await ada.chapter.expectLive();

  // The owner names the chapter as it is.
  await ada.history.open();
  await ada.history.nameVersion('First draft');
  await expect(ada.history.contributionRow('Ada')).toBeVisible();
  await expect(ada.history.contributionRow('Ben')).toBeVisible();

  // Authors' colours: each author's text in their colour in the book, as the legend and the
  // presence bar show it.
  await ada.history.authorsToggle.click();
  await expect
    .poll(async () => (await ada.history.legendEntries()).map((entry) => entry.text))
    .toEqual(['AD Ada', 'BE Ben']);
  const [adaColour, benColour] = (await ada.history.legendEntries()).map((entry) => entry.color) as [
    string,
    string,
  ];
  await expect
    .poll(async () => (await ada.chapter.presencePeople()).map((person) => person.color))
    .toEqual([adaColour, benColour]);
  await expect.poll(() => ada.history.authoredText('Ada')).toBe('Ada opens the story.');
  await expect.poll(() => ada.history.authoredText('Ben')).toBe('Ben adds a line.');
  await ada.history.expectAuthorColour('Ada', adaColour);
  await ada.history.expectAuthorColour('Ben', benColour);
  await snapshot('history-authors-colours');

  // Ben writes more, then deletes Ada's sentence; the colours follow.
  await ben.chapter.type(' Ben goes on.');
  await expect.poll(() => ada.history.authoredText('Ben')).toBe('Ben adds a line. Ben goes on.');
  await ben.chapter.focusParagraphEnd(0);
  await ben.chapter.press('Shift+Home');
  await ben.chapter.press('Backspace');
  await expect.poll(() => ada.chapter.text()).not.toContain('Ada opens the story.');
  expect(await ada.chapter.text()).toContain('Ben adds a line. Ben goes on.');
  await ben.chapter.expectStage('saved');

  // The diff from the named version: Ben's new text as his insertion, and Ada's sentence as
  // deleted by Ben (struck in his colour) while still shown as written by Ada (in hers).
  await ada.history.openVersion('First draft');
  await expect.poll(() => ada.history.insertionsBy('Ben')).toBe(' Ben goes on.');
  expect(await ada.history.insertionsBy('Ada')).toBe('');
  await expect.poll(() => ada.history.deletionsBy('Ben', 'Ada')).toBe('Ada opens the story.');
  const deletion = ada.history.diff.locator('.diff-delete[data-author="Ben"]').first();
  await expect(deletion).toHaveCSS('color', hexToRgb(adaColour));
  await expect(deletion).toHaveCSS('text-decoration-color', hexToRgb(benColour));
  await snapshot('history-version-diff');

  // Restoring the named version brings Ada's sentence back for both.
  await ada.history.restore();
  await expect.poll(() => ben.chapter.text()).toBe(firstDraft);
  await expect.poll(() => ada.chapter.text()).toBe(firstDraft);

  // A reviewer sees the history and the versions, but cannot name or restore.
  const rita = await newAuthor('Rita');
  await addMember(ada, rita, bookId, 'reviewer');
  await rita.chapter.open(bookId, chapterId);
  await rita.chapter.expectReadOnly('Reviewing');
  await rita.history.open();
  await expect(rita.history.version('First draft')).toBeVisible();
  await expect(rita.history.nameButton).toHaveCount(0);
  await rita.history.openVersion('First draft');
  await expect(rita.history.restoreButton).toHaveCount(0);
});

function hexToRgb(color: string): string {
  const [r, g, b] = [1, 3, 5].map((start) => parseInt(color.slice(start, start + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

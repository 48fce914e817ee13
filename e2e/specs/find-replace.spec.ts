import { expect, startBook, test } from '../fixtures/authors';

test('an author finds and replaces in the chapter while a co-author watches the change arrive', async ({
  newAuthor,
}) => {
  const authors = await Promise.all([newAuthor('Ada'), newAuthor('Ben')]);
  const [ada, ben] = authors as [(typeof authors)[0], (typeof authors)[0]];
  await startBook(authors);
  await ada.chapter.focusEnd();
  await ada.chapter.type('The cat sat. Then the CAT left.');
  await expect(ben.chapter.editor).toContainText('Then the CAT left.');

  await ben.chapter.editor.click();
  await ben.page.keyboard.press('Control+f');
  const bar = ben.page.locator('chapter-view find-bar');
  await bar.getByRole('searchbox', { name: 'Find in chapter' }).fill('cat');
  await expect(bar.getByTestId('find-count')).toHaveText('1 of 2');
  await expect(ben.page.locator('book-editor .find-match')).toHaveCount(2);
  await bar.getByRole('button', { name: 'Next match' }).click();
  await expect(bar.getByTestId('find-count')).toHaveText('2 of 2');
  await bar.getByLabel('Replace with').fill('dog');
  await bar.getByRole('button', { name: 'Replace all' }).click();

  await expect(ada.chapter.editor).toContainText('The dog sat. Then the dog left.');
  await expect(bar.getByTestId('find-count')).toHaveText('No matches');
  await bar.getByRole('button', { name: 'Close find' }).click();
  await expect(ben.page.locator('book-editor .find-match')).toHaveCount(0);
});

import { expect, startBook, test } from '../fixtures/authors';

test('an author finds a co-author’s passage in another chapter and jumps to it', async ({ newAuthor }) => {
  const authors = await Promise.all([newAuthor('Ada'), newAuthor('Ben')]);
  const [ada, ben] = authors as [(typeof authors)[0], (typeof authors)[0]];
  const { bookId } = await startBook(authors);
  await ada.chapter.newChapter.click();
  await ada.chapter.expectLive();
  await ada.chapter.focusEnd();
  await ada.chapter.type('A chapter about other things.');
  for (let i = 0; i < 40; i += 1) await ada.chapter.press('Enter');
  await ada.chapter.type('This is where we talked about Linux at home.');
  await ada.chapter.expectStage('saved');

  await ben.app.openBook(bookId);
  const search = ben.page.locator('book-view book-search');
  await search.getByRole('searchbox', { name: 'Search this book' }).fill('linux hom');
  const result = search.getByTestId('search-results').getByRole('link');
  await expect(result).toHaveCount(1);
  await expect(result).toContainText('Chapter 2');
  await expect(result.locator('mark')).toHaveText(['Linux', 'home']);
  await result.click();

  await expect(ben.page).toHaveURL(/\/chapters\/[A-Za-z0-9_-]+\?at=40$/);
  await expect(
    ben.page.locator('book-editor .ProseMirror p', { hasText: 'talked about Linux' }),
  ).toBeInViewport();
  await expect(ben.page.locator('chapter-view').getByLabel('Chapter title')).toHaveValue('Chapter 2');
});

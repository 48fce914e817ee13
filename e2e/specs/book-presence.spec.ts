import { expect, startBook, test } from '../fixtures/authors';

test('the book page shows who is in which chapter now, and follows them', async ({ newAuthor }) => {
  const authors = await Promise.all([newAuthor('Ada'), newAuthor('Ben')]);
  const [ada, ben] = authors as [(typeof authors)[0], (typeof authors)[0]];
  const { bookId, chapterId } = await startBook(authors);
  await ada.chapter.newChapter.click();
  await ada.chapter.expectLive();

  await ben.app.openBook(bookId);
  const rows = ben.page.locator('book-view chapter-list li.chapter');
  await expect(rows.nth(1).getByTestId('chapter-people')).toHaveAttribute('title', 'Ada');
  await expect(rows.nth(0).getByTestId('chapter-people')).toHaveCount(0);

  await ada.chapter.open(bookId, chapterId);
  await expect(rows.nth(0).getByTestId('chapter-people')).toHaveAttribute('title', 'Ada');
  await expect(rows.nth(1).getByTestId('chapter-people')).toHaveCount(0);

  await ada.page.goto(`/books/${bookId}`);
  await expect(rows.getByTestId('chapter-people')).toHaveCount(0);
});

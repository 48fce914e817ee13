import { expect, test } from '../fixtures/authors';
import { consoleAllowances } from '../support/console-allowances';

test.use({ consoleAllowed: { patterns: [...consoleAllowances.notFound] } });

test('a chapter URL that is not in the book shows a chapter-not-found page', async ({ newAuthor }) => {
  const ada = await newAuthor('Ada');
  const { bookId } = await ada.app.createBook('Real book');
  await ada.chapter.expectLive();

  await ada.app.open(`/books/${bookId}/chapters/noSuchChapter`);
  await expect(ada.app.notFoundHeading()).toHaveText('Chapter not found');
  await expect(ada.app.notFound.getByRole('link')).toHaveAttribute('href', `/books/${bookId}`);
});

test('a book that was never created shows a book-not-found page', async ({ newAuthor }) => {
  const ada = await newAuthor('Ada');
  await ada.app.open('/books/neverCreated42/chapters/whatever');
  await expect(ada.app.notFoundHeading()).toHaveText('Book not found');
  await ada.app.open('/books/neverCreated42');
  await expect(ada.app.notFoundHeading()).toHaveText('Book not found');
});

test('a book someone else started, without an invite, shows a book-not-found page', async ({ newAuthor }) => {
  const ada = await newAuthor('Ada');
  const { bookId, chapterId } = await ada.app.createBook('Private book');
  await ada.chapter.expectLive();
  const ben = await newAuthor('Ben');
  await ben.app.open(`/books/${bookId}/chapters/${chapterId}`);
  await expect(ben.app.notFoundHeading()).toHaveText('Book not found');
});

test('an address outside the app shows a page-not-found page', async ({ newAuthor }) => {
  const ada = await newAuthor('Ada');
  await ada.app.open('/nothing/here');
  await expect(ada.app.notFoundHeading()).toHaveText('Page not found');
});

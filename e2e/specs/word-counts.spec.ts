import { expect, startBook, test } from '../fixtures/authors';

test('the chapter list has the word count of a writer who closed the tab right after typing', async ({
  newAuthor,
}) => {
  const authors = await Promise.all([newAuthor('Ada'), newAuthor('Ben')]);
  const [ada, ben] = authors as [(typeof authors)[0], (typeof authors)[0]];
  const { bookId } = await startBook(authors);
  // Ben watches the book's front page: no other editor is open to count Ada's words for her.
  await ben.app.openBook(bookId);
  await expect(ben.app.bookChapterLinks.first()).toContainText('0 words');
  await ada.chapter.focusEnd();
  await ada.chapter.expectCaretAtEnd();

  await ada.chapter.type('one two three four five six seven');
  await ada.chapter.expectStage('saved');
  // Closed well within the index's 1.5 s write delay.
  await ada.chapter.closeTab();

  await expect(ben.app.bookChapterLinks.first()).toContainText('7 words');
});

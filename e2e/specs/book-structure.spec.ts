import { expect, startBook, test } from '../fixtures/authors';
import { StructurePage } from '../pages/structure-page';

test('two authors reorder chapters by drag and keys, trash and restore one, and the owner purges it', async ({
  newAuthor,
}) => {
  const authors = await Promise.all([newAuthor('Ada'), newAuthor('Ben')]);
  const [ada, ben] = authors as [(typeof authors)[0], (typeof authors)[0]];
  const { bookId } = await startBook(authors);
  await ada.chapter.newChapter.click();
  await ada.chapter.expectLive();
  await ada.chapter.newChapter.click();
  await ada.chapter.expectLive();

  await ada.app.openBook(bookId);
  await ben.app.openBook(bookId);
  const adaBook = new StructurePage(ada.page);
  const benBook = new StructurePage(ben.page);
  await adaBook.expectOrder(['Chapter 1', 'Chapter 2', 'Chapter 3']);

  await adaBook.drag('Chapter 3', 'Chapter 1');
  await benBook.expectOrder(['Chapter 3', 'Chapter 1', 'Chapter 2']);

  await benBook.moveWithKeys('Chapter 3', 'Alt+ArrowDown');
  await adaBook.expectOrder(['Chapter 1', 'Chapter 3', 'Chapter 2']);
  // The moved chapter keeps the focus: a second press moves it again.
  await ben.page.keyboard.press('Alt+ArrowDown');
  await adaBook.expectOrder(['Chapter 1', 'Chapter 2', 'Chapter 3']);

  await adaBook.addPart();
  await adaBook.dragIntoPart('Chapter 3');
  await expect(benBook.list.locator('li.part')).toContainText('Chapter 3');

  await benBook.toTrash('Chapter 2');
  await expect(adaBook.trashed('Chapter 2')).toBeVisible();
  await adaBook.expectOrder(['Chapter 1', 'Chapter 3']);
  // Only the owner may delete for good.
  await expect(benBook.trashed('Chapter 2').getByRole('button', { name: 'Delete for good' })).toHaveCount(0);

  await adaBook.restore('Chapter 2');
  await benBook.expectOrder(['Chapter 1', 'Chapter 2', 'Chapter 3']);

  await benBook.toTrash('Chapter 2');
  await adaBook.purge('Chapter 2');
  // The server first waits for the chapter's rooms to unload (ROOM_IDLE_MS, 10 s here); the
  // trash says "Deleting…" meanwhile, unless the room had already gone (then it is too brief to see).
  await expect(benBook.trash).not.toContainText('Chapter 2', { timeout: 30_000 });
  await adaBook.expectOrder(['Chapter 1', 'Chapter 3']);

  await ada.page.goto(`/books/${bookId}/contents`);
  await expect(ada.page.getByTestId('contents')).toContainText('1. Chapter 1');
  await expect(ada.page.getByTestId('contents')).toContainText('Part 1');
});

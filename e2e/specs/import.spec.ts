import { fileURLToPath } from 'node:url';
import { expect, startBook, test } from '../fixtures/authors';
import { ImportPage } from '../pages/import-page';
import { StructurePage } from '../pages/structure-page';

/** A Word file with two Heading 1 chapters, made with the `docx` library (see fixtures/files). */
const DOCX = fileURLToPath(new URL('../fixtures/files/two-chapters.docx', import.meta.url));

test('an author imports a DOCX from the book page and sees its chapters in the chapter list', async ({
  newAuthor,
}) => {
  const [ada, ben] = await Promise.all([newAuthor('Ada'), newAuthor('Ben')]);
  const { bookId } = await startBook([ada, ben]);
  await ben.page.goto(`/books/${bookId}`);
  const structure = new StructurePage(ben.page);
  const before = await structure.titles();
  expect(before.length).toBeGreaterThan(0);

  await new ImportPage(ben.page).importFile(DOCX, /^Added 2 chapters\.$/);
  await structure.expectOrder([...before, 'Imported opening', 'Imported closing']);

  // The co-author's book page lists them too, live.
  await ada.page.goto(`/books/${bookId}`);
  await new StructurePage(ada.page).expectOrder([...before, 'Imported opening', 'Imported closing']);
  await new StructurePage(ada.page).chapterLink('Imported opening').click();
  await expect(ada.chapter.editor).toContainText('The first imported chapter begins here.');
});

import { expect, startBook, test } from '../fixtures/authors';

test('undo reverts only the author’s own text, never a co-author’s', async ({ newAuthor }) => {
  const authors = await Promise.all([newAuthor('Ada'), newAuthor('Ben')]);
  const [ada, ben] = authors as [(typeof authors)[0], (typeof authors)[0]];
  await startBook(authors);

  await ada.chapter.focusEnd();
  await ada.chapter.type('Ada wrote this.');
  await expect.poll(() => ben.chapter.text()).toBe('Ada wrote this.');
  await ben.chapter.focusEnd();
  await ben.chapter.press('Enter');
  await ben.chapter.type('Ben wrote that.');
  await expect.poll(() => ada.chapter.paragraphTexts()).toEqual(['Ada wrote this.', 'Ben wrote that.']);

  await ada.chapter.undo();

  for (const author of authors) {
    await expect.poll(() => author.chapter.paragraphTexts()).toEqual(['', 'Ben wrote that.']);
  }
  // Redo brings Ada's text back, still without touching Ben's.
  await ada.chapter.press('Control+y');
  for (const author of authors) {
    await expect.poll(() => author.chapter.paragraphTexts()).toEqual(['Ada wrote this.', 'Ben wrote that.']);
  }
});

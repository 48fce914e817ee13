import { expect, startBook, test } from '../fixtures/authors';

test("a co-author's new heading appears in the outline live, and a click there jumps to it", async ({
  newAuthor,
}) => {
  const authors = await Promise.all([newAuthor('Ada'), newAuthor('Ben')]);
  const [ada, ben] = authors as [(typeof authors)[0], (typeof authors)[0]];
  await startBook(authors);
  const outline = ben.page.locator('chapter-view chapter-outline');

  await ada.chapter.focusEnd();
  await ada.chapter.type('Opening words');
  for (let i = 0; i < 40; i += 1) await ada.chapter.press('Enter');
  await ada.chapter.type('## Linux at home');
  await ada.chapter.press('Enter');
  await ada.chapter.type('Where we talk about Linux.');

  const entry = outline.getByRole('button', { name: 'Linux at home' });
  await expect(entry).toBeVisible();
  await entry.click();
  const heading = ben.page.locator('book-editor .ProseMirror h2', { hasText: 'Linux at home' });
  await expect(heading).toBeInViewport();
  await ben.chapter.type('Really: ');
  // Ben's caret label is inside the heading's text on Ada's screen: match around it.
  await expect(ada.page.locator('book-editor .ProseMirror h2')).toContainText('Really: ');
  await expect(ada.page.locator('book-editor .ProseMirror h2')).toContainText('Linux at home');
});

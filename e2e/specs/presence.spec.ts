import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, startBook, test } from '../fixtures/authors';

const artifactsDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'artifacts');

test('each author sees the others’ named cursors and the presence bar, live', async ({
  newAuthor,
}, testInfo) => {
  const authors = await Promise.all([newAuthor('Ada'), newAuthor('Ben'), newAuthor('Cy')]);
  const [ada, ben, cy] = authors as [(typeof authors)[0], (typeof authors)[0], (typeof authors)[0]];
  await startBook(authors);

  await ada.chapter.focusEnd();
  await ada.chapter.type('It was a dark and stormy night.');
  await ada.chapter.press('Enter');
  await ada.chapter.type('The rain fell in torrents.');
  await ada.chapter.press('Enter');
  await ada.chapter.type('Except at occasional intervals.');
  await expect.poll(() => cy.chapter.paragraphTexts()).toHaveLength(3);
  await ben.chapter.focusParagraphEnd(0);
  await cy.chapter.focusParagraphEnd(1);

  for (const viewer of authors) {
    const others = authors.filter((author) => author !== viewer);
    for (const other of others) {
      const cursor = viewer.chapter.remoteCursor(other.name);
      await expect(cursor).toHaveCount(1);
      await expect(cursor).toContainText(other.name);
      await expect(cursor).toHaveAttribute('style', /--author-color: #[0-9a-f]{6}/);
      // Ada started the book (owner); the others joined as authors.
      await expect(viewer.chapter.presenceEntry(other.name)).toContainText(
        other === ada ? 'owner' : 'author',
      );
    }
    await expect(viewer.chapter.remoteCursors).toHaveCount(2);
    await expect(viewer.chapter.remoteCursor(viewer.name)).toHaveCount(0);
    await expect(viewer.chapter.presenceEntry(`${viewer.name} (you)`)).toBeVisible();
  }

  // Typing shows up as activity for the others.
  await ben.chapter.type(' Thunder.', 40);
  await expect(ada.chapter.presenceEntry('Ben')).toContainText('typing');

  // Clicking a person brings their caret into view (it flashes).
  await ada.chapter.presenceEntry('Cy').click();
  await expect(ada.chapter.remoteCursor('Cy')).toHaveClass(/remote-cursor--flash/);
  await expect(ada.chapter.remoteCursor('Cy')).toBeInViewport();

  mkdirSync(artifactsDir, { recursive: true });
  const screenshotPath = path.join(artifactsDir, 'editor-two-remote-cursors.png');
  await ada.page.locator('chapter-view').screenshot({ path: screenshotPath });
  await testInfo.attach('editor with two remote cursors', { path: screenshotPath, contentType: 'image/png' });

  // Leaving removes the person from the others' presence bar and their cursor from the text.
  await cy.page.close();
  await expect(ada.chapter.presenceEntry('Cy')).toHaveCount(0);
  await expect(ada.chapter.remoteCursor('Cy')).toHaveCount(0);
});

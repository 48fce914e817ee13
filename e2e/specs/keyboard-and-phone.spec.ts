import { expect, test } from '../fixtures/authors';
import { horizontalOverflowPx } from '../support/page-audit';

test('Ctrl+/ opens the shortcuts sheet anywhere, Escape closes it; keyboard focus is always visible', async ({
  newAuthor,
}) => {
  const ada = await newAuthor('Ada');
  const sheet = ada.page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await ada.page.keyboard.press('Control+/');
  await expect(sheet).toBeVisible();
  await expect(sheet).toContainText('Comment on the selected passage');
  await ada.page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();

  // In the editor too, and from the bar's button.
  await ada.app.createBook('Keys');
  await ada.chapter.expectLive();
  await ada.chapter.focusEnd();
  await ada.page.keyboard.press('Control+/');
  await expect(sheet).toBeVisible();
  await expect(sheet).toContainText('Bold');
  await ada.page.keyboard.press('Control+/');
  await expect(sheet).toBeHidden();
  await ada.app.appBar.getByRole('button', { name: 'Keyboard shortcuts' }).click();
  await expect(sheet).toBeVisible();
  await sheet.getByRole('button', { name: 'Close' }).click();
  await expect(sheet).toBeHidden();

  // Tabbing from the top reaches the bar's controls with an outline drawn around each.
  await ada.page.locator('body').focus();
  for (let i = 0; i < 4; i++) {
    await ada.page.keyboard.press('Tab');
    const outline = await ada.page.evaluate(() => {
      let active = document.activeElement;
      while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
      if (active === null || active === document.body) return 'nothing focused';
      const style = getComputedStyle(active);
      return `${style.outlineStyle} ${style.outlineWidth}`;
    });
    expect(outline).toMatch(/^solid [2-9]/);
  }
});

test('a chapter at 360 px: no sideways scroll, the chapters in a drawer, comments in a sheet, one toolbar row', async ({
  newAuthor,
}) => {
  const ada = await newAuthor('Ada');
  await ada.page.setViewportSize({ width: 360, height: 740 });
  const { bookId } = await ada.app.createBook('Small screen');
  await ada.chapter.expectLive();
  await ada.chapter.focusEnd();
  await ada.chapter.type('Small but whole.');
  expect(await horizontalOverflowPx(ada.page)).toBeLessThanOrEqual(0);

  // One row of formatting buttons that scrolls sideways, within the window.
  const toolbar = (await ada.chapter.toolbar.boundingBox())!;
  expect(toolbar.height).toBeLessThan(60);
  expect(toolbar.x + toolbar.width).toBeLessThanOrEqual(360);

  // The chapter list waits behind "Chapters" and closes after a choice.
  await expect(ada.chapter.chapterLinks.first()).toBeHidden();
  const toggle = ada.page.getByRole('button', { name: 'Chapters' });
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(ada.chapter.chapterLinks.first()).toBeVisible();
  await ada.chapter.newChapter.click();
  await expect(ada.page).toHaveURL(new RegExp(`/books/${bookId}/chapters/`));
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(ada.chapter.chapterLinks.first()).toBeHidden();

  // Comments come up as a sheet inside the window.
  await toggle.click();
  await ada.chapter.chapterLinks.first().click();
  await expect.poll(() => ada.chapter.text()).toBe('Small but whole.');
  await ada.comments.open();
  const panel = (await ada.comments.panel.locator('.comments-panel').boundingBox())!;
  expect(panel.x).toBeGreaterThanOrEqual(0);
  expect(panel.x + panel.width).toBeLessThanOrEqual(360);
  expect(await horizontalOverflowPx(ada.page)).toBeLessThanOrEqual(0);
});

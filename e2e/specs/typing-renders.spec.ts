import { expect, startBook, test } from '../fixtures/authors';

test('typing re-renders nothing outside the editor unless what it shows changed', async ({ newAuthor }) => {
  const authors = await Promise.all([newAuthor('Ada'), newAuthor('Ben')]);
  const [ada, ben] = authors as [(typeof authors)[0], (typeof authors)[0]];
  await startBook(authors);
  await ada.chapter.focusEnd();
  await ada.chapter.expectCaretAtEnd();
  await ada.chapter.type('Warm up. ');
  await expect.poll(() => ben.chapter.text()).toBe('Warm up. ');
  // After Ada's text arrived: a caret placed before it stays before it (plugins/own-caret.ts).
  await ben.chapter.focusEnd();
  await ben.chapter.expectCaretAtEnd();
  await ben.chapter.press('Enter');
  await ben.chapter.type('Ben: ');
  await expect.poll(() => ada.chapter.paragraphTexts()).toEqual(['Warm up. ', 'Ben: ']);
  await ada.chapter.expectStage('saved');
  const renders = await ada.chapter.countRenders(['book-app', 'chapter-view', 'editor-toolbar']);

  // Both type at once: Ada's own keystrokes and Ben's arriving ones, with carets and save states moving.
  const typed = 'plain words typed at speed, no formatting, on and on until the line runs long enough ';
  await Promise.all([ada.chapter.type(typed, 20), ben.chapter.type(typed, 20)]);
  await expect.poll(() => ada.chapter.paragraphTexts()).toEqual([`Warm up. ${typed}`, `Ben: ${typed}`]);
  await ada.chapter.expectStage('saved');

  // Word counts redraw the view (at most every 250 ms, and when either writer's count reaches the
  // index): a few dozen renders at most, where each keystroke used to cost several (448 here).
  const counts = await renders();
  expect(counts['book-app'], JSON.stringify(counts)).toBeLessThan(typed.length / 8);
  expect(counts['chapter-view'], JSON.stringify(counts)).toBeLessThan(typed.length / 2);
  expect(counts['editor-toolbar'], JSON.stringify(counts)).toBeLessThanOrEqual(2);
});

test('the save indicator shows Saving… while someone types and Saved once it holds, not each stage per keystroke', async ({
  newAuthor,
}) => {
  const authors = await Promise.all([newAuthor('Ada'), newAuthor('Ben')]);
  const [ada, ben] = authors as [(typeof authors)[0], (typeof authors)[0]];
  await startBook(authors);
  await ada.chapter.focusEnd();
  await ada.chapter.type('Ada. ');
  await expect.poll(() => ben.chapter.text()).toBe('Ada. ');
  await ben.chapter.focusEnd();
  await ben.chapter.expectCaretAtEnd();
  await ben.chapter.press('Enter');
  await expect.poll(() => ada.chapter.paragraphTexts()).toEqual(['Ada. ', '']);
  await ada.chapter.expectStage('saved');
  const renders = await ada.chapter.countRenders(['save-indicator']);
  const stages = await ada.chapter.recordStages();

  const typed = 'a sentence typed steadily, one key after another, long enough to matter ';
  await Promise.all([ada.chapter.type(typed, 20), ben.chapter.type('and Ben types too ', 40)]);
  await expect.poll(() => ben.chapter.paragraphTexts()).toEqual([`Ada. ${typed}`, 'and Ben types too ']);
  await ada.chapter.expectStage('saved');

  // Each keystroke used to step the label through four stages (about 4 renders a key here).
  const counts = await renders();
  expect(counts['save-indicator'], JSON.stringify(counts)).toBeLessThanOrEqual(6);
  expect(await stages()).toEqual(['saving', 'saved']);
});

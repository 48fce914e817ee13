import { addMember, expect, startBook, test } from '../fixtures/authors';

test('a reviewer who types is told once, beside the caret, and selects from the keyboard to comment', async ({
  newAuthor,
}) => {
  const ada = await newAuthor('Ada');
  const rita = await newAuthor('Rita');
  const { bookId, chapterId } = await ada.app.createBook('Reviewed book');
  await ada.chapter.expectLive();
  await ada.chapter.focusEnd();
  await ada.chapter.type('The quick brown fox.');
  await ada.chapter.press('Enter');
  await ada.chapter.type('It jumps over the dog.');
  await ada.chapter.expectStage('saved');
  await addMember(ada, rita, bookId, 'reviewer');

  await rita.chapter.open(bookId, chapterId);
  await rita.chapter.expectLive();
  await rita.chapter.expectReadOnly('Reviewing');
  await expect.poll(() => rita.chapter.text()).toBe('The quick brown fox.\nIt jumps over the dog.');

  // Typing, Enter and Backspace change nothing; the first key is answered where she looks.
  await rita.chapter.focusParagraphEnd(0);
  await rita.chapter.type('x');
  await expect(rita.chapter.editNotice).toHaveText(/You are reviewing: comments only/);
  const paragraph = (await rita.chapter.editor.locator('p').first().boundingBox())!;
  const notice = (await rita.chapter.editNotice.boundingBox())!;
  expect(notice.y).toBeGreaterThanOrEqual(paragraph.y);
  expect(notice.y).toBeLessThan(paragraph.y + paragraph.height + 40);
  await rita.chapter.type('yz');
  await rita.chapter.press('Enter');
  await rita.chapter.press('Backspace');
  await expect(rita.chapter.editNotice).toHaveCount(1);
  expect(await rita.chapter.text()).toBe('The quick brown fox.\nIt jumps over the dog.');
  await rita.chapter.expectStage('saved');
  // Dismissed now (it sits below the caret's line, over the next paragraph the clicks below aim
  // at); the keyboard is back in the text, where she was.
  await rita.chapter.editNotice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(rita.chapter.editNotice).toHaveCount(0);
  await expect(rita.chapter.editor).toBeFocused();

  // Home and Shift+arrows select; the selection becomes the comment's passage. Each gesture is
  // retried whole: on focus ProseMirror puts back the selection it knows 20 ms later unless it has
  // read the page's by then, and on a loaded machine a Home pressed within that window was undone.
  await expect(async () => {
    await rita.chapter.focusParagraphEnd(0);
    await rita.chapter.press('Home');
    for (let i = 0; i < 'The quick'.length; i++) await rita.chapter.press('Shift+ArrowRight');
    expect(await rita.chapter.selectedText()).toBe('The quick');
  }).toPass({ timeout: 10_000 });
  await rita.comments.commentButton.click();
  await expect(rita.comments.panel.getByText('Comment on “The quick”')).toBeVisible();
  await rita.comments.panel.getByRole('button', { name: 'Cancel' }).click();

  // Shift+click extends a selection from the caret.
  await expect(async () => {
    await rita.chapter.focusParagraphEnd(1);
    await rita.chapter.press('Home');
    await rita.chapter.shiftClickParagraphEnd(1);
    expect(await rita.chapter.selectedText()).toBe('It jumps over the dog.');
  }).toPass({ timeout: 10_000 });
  await rita.comments.commentButton.click();
  await expect(rita.comments.panel.getByText('Comment on “It jumps over the dog.”')).toBeVisible();

  // Dismissed, the notice stays away: she was told.
  await rita.chapter.focusEnd();
  await rita.chapter.type('again');
  await rita.chapter.press('Control+b');
  expect(await rita.chapter.text()).toBe('The quick brown fox.\nIt jumps over the dog.');
  await expect(rita.chapter.editNotice).toHaveCount(0);
  await expect
    .poll(() => ada.api.serverText(bookId, chapterId))
    .toBe('The quick brown fox.\nIt jumps over the dog.');
});

test('a reader who types is told what reading allows', async ({ newAuthor }) => {
  const ada = await newAuthor('Ada');
  const carl = await newAuthor('Carl');
  const { bookId, chapterId } = await ada.app.createBook('Read book');
  await ada.chapter.focusEnd();
  await ada.chapter.type('Read me.');
  await ada.chapter.expectStage('saved');
  await addMember(ada, carl, bookId, 'reader');

  await carl.chapter.open(bookId, chapterId);
  await carl.chapter.expectReadOnly('Reading only');
  await expect.poll(() => carl.chapter.text()).toBe('Read me.');
  await carl.chapter.focusEnd();
  await carl.chapter.press('Backspace');
  await expect(carl.chapter.editNotice).toHaveText(/You are reading: the text cannot be changed/);
  await carl.chapter.press('Control+k');
  await expect(carl.chapter.editNotice).toHaveCount(1);
  expect(await carl.chapter.text()).toBe('Read me.');
});

test('an author demoted while writing is told their role changed when the toolbar goes, and back', async ({
  newAuthor,
}) => {
  const authors = await Promise.all([newAuthor('Ada'), newAuthor('Ben')]);
  const [ada, ben] = authors as [(typeof authors)[0], (typeof authors)[0]];
  const { bookId } = await startBook(authors);
  await ben.chapter.focusEnd();
  await ben.chapter.type('Ben writes.');
  await expect(ben.chapter.toolbar).toBeVisible();
  await expect(ben.chapter.editNotice).toHaveCount(0);

  await ada.members.open(bookId);
  await ada.members.setRole('Ben', 'reviewer');
  await ben.chapter.expectReadOnly('Reviewing');
  await expect(ben.chapter.editNotice).toHaveText(/Your role changed to reviewer: you can read and comment/);

  // Told already: typing on adds no second notice, and he can still select to comment.
  await ben.chapter.focusEnd();
  await ben.chapter.type(' More.');
  await expect(ben.chapter.editNotice).toHaveCount(1);
  expect(await ben.chapter.text()).toBe('Ben writes.');
  await ben.chapter.press('Shift+Home');
  await expect.poll(() => ben.chapter.selectedText()).toBe('Ben writes.');

  await ada.members.setRole('Ben', 'author');
  await ben.chapter.expectEditable();
  await expect(ben.chapter.editNotice).toHaveText(/Your role changed to author: you can edit the text now/);
  await ben.chapter.focusEnd();
  await ben.chapter.type(' More.');
  await expect.poll(() => ben.chapter.text()).toBe('Ben writes. More.');
});

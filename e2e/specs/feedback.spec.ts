import { expect, startBook, test } from '../fixtures/authors';

test('Ctrl+Enter sends a new comment from its text box', async ({ newAuthor }) => {
  const ada = await newAuthor('Ada');
  await startBook([ada]);
  await ada.chapter.focusEnd();
  await ada.chapter.type('A line worth a comment.');
  await ada.comments.startDraft('worth a comment', 'Sent from the keyboard.');
  await ada.comments.sendDraftWithKeyboard();
  await expect(ada.comments.commentBody('worth a comment', 0)).toHaveText('Sent from the keyboard.');
  await expect(ada.comments.draftBody).toHaveCount(0);
});

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

test('Ctrl+Enter sends a reply and saves an edit too: every box a comment is written in', async ({
  newAuthor,
}) => {
  const ada = await newAuthor('Ada');
  await startBook([ada]);
  await ada.chapter.focusEnd();
  await ada.chapter.type('A line worth a thread.');
  await ada.comments.commentOn('worth a thread', 'First.');
  await expect(ada.comments.commentBody('worth a thread', 0)).toHaveText('First.');
  await ada.comments.replyWithKeyboard('worth a thread', 'A reply from the keyboard.');
  await expect(ada.comments.commentBody('worth a thread', 1)).toHaveText('A reply from the keyboard.');
  await ada.comments.editWithKeyboard('worth a thread', 0, 'First, edited from the keyboard.');
  await expect(ada.comments.commentBody('worth a thread', 0)).toHaveText('First, edited from the keyboard.');
});

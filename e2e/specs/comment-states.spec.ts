import { addMember, expect, startBook, test } from '../fixtures/authors';
import { consoleAllowances } from '../support/console-allowances';

test.use({ consoleAllowed: { patterns: [...consoleAllowances.refused] } });

test('a resolved thread folds in the panel and its passage is no longer highlighted, for everyone at once', async ({
  newAuthor,
}) => {
  const authors = await Promise.all([newAuthor('Ada'), newAuthor('Ben')]);
  const [ada, ben] = authors as [(typeof authors)[0], (typeof authors)[0]];
  await startBook(authors);
  await ada.chapter.focusEnd();
  await ada.chapter.type('Open question. Settled question.');
  await expect.poll(() => ben.chapter.text()).toBe('Open question. Settled question.');
  await ada.comments.commentOn('Open question.', 'Still open.');
  await ada.comments.commentOn('Settled question.', 'Shall we cut it?');
  await ben.comments.open();
  await ben.comments.reply('Settled question.', 'Keep it.');
  await expect(ada.comments.comments('Settled question.')).toHaveCount(2);

  // Ben picks the thread (it becomes the active highlight) and resolves it.
  await ben.comments.thread('Settled question.').locator('.comment-thread__quote').click();
  await expect(await ben.comments.highlightOf('Settled question.')).toHaveClass(/comment-highlight--active/);
  await ben.comments.resolve('Settled question.');

  for (const author of [ada, ben]) {
    await author.comments.expectStatus('Settled question.', 'resolved');
    // Unhighlighted in the text, the open thread's passage still is.
    await expect(await author.comments.highlightOf('Settled question.')).toHaveCount(0);
    await expect.poll(() => author.comments.highlightedText()).toBe('Open question.');
    // Folded: the passage and how many comments, which open on demand.
    await expect(author.comments.comments('Settled question.')).toHaveCount(0);
    const unfold = author.comments
      .thread('Settled question.')
      .getByRole('button', { name: 'Show 2 comments' });
    await expect(unfold).toHaveAttribute('aria-expanded', 'false');
    await expect(author.comments.comments('Open question.')).toHaveCount(1);
  }

  await ada.comments.thread('Settled question.').getByRole('button', { name: 'Show 2 comments' }).click();
  await expect(ada.comments.commentBody('Settled question.', 1)).toHaveText('Keep it.');
  // Clicking the plain passage no longer picks its thread: the one picked before stays.
  await (await ada.comments.highlightOf('Open question.')).click();
  await expect(ada.comments.thread('Open question.')).toHaveAttribute('focused', '');
  await ada.chapter.editor.getByText('Settled question.').click();
  await expect(ada.comments.thread('Open question.')).toHaveAttribute('focused', '');
  await expect(ada.comments.thread('Settled question.')).not.toHaveAttribute('focused', '');

  // Reopened, it unfolds and is highlighted again.
  await ben.comments.thread('Settled question.').getByRole('button', { name: 'Reopen' }).click();
  await ada.comments.expectStatus('Settled question.', 'open');
  await expect(ada.comments.comments('Settled question.')).toHaveCount(2);
  await expect(await ada.comments.highlightOf('Settled question.')).toHaveCount(1);
});

test('a reader is offered Edit on their comment only while the round is open; closing a round asks first', async ({
  newAuthor,
}) => {
  const ada = await newAuthor('Ada');
  const { bookId, chapterId } = await ada.app.createBook('Read by readers');
  await ada.chapter.expectLive();
  await ada.chapter.focusEnd();
  await ada.chapter.type('First words.');
  await ada.chapter.expectStage('saved');
  const carl = await newAuthor('Carl');
  await addMember(ada, carl, bookId, 'reader');
  await carl.chapter.open(bookId, chapterId);
  await carl.chapter.expectReadOnly('Reading only');

  await ada.comments.open();
  await ada.comments.openRound('First readers');
  await expect(carl.comments.banner).toContainText('You can comment on this draft now.');
  await carl.comments.commentOn('First words.', 'I like it.');
  const comment = carl.comments.comments('First words.').first();
  await expect(comment.getByRole('button', { name: 'Edit' })).toBeVisible();
  await carl.comments.edit('First words.', 0, 'I like it a lot.');
  await expect(carl.comments.commentBody('First words.', 0)).toHaveText('I like it a lot.');

  // Close round asks; Cancel keeps the round open.
  await ada.comments.banner.getByRole('button', { name: 'Close round' }).click();
  await expect(ada.comments.banner).toContainText('Close the round? Readers can no longer comment.');
  await ada.comments.banner.getByRole('button', { name: 'Cancel' }).click();
  await expect(ada.comments.banner.getByRole('button', { name: 'Close round' })).toBeVisible();
  await expect(carl.comments.banner).toHaveCount(1);
  await ada.comments.closeRound();

  // The server would refuse his edit now: it is not offered (deleting his own stays).
  await expect(carl.comments.banner).toHaveCount(0);
  await expect(comment.getByRole('button', { name: 'Edit' })).toHaveCount(0);
  await expect(carl.comments.thread('First words.').getByLabel('Reply')).toHaveCount(0);
  await expect(comment.getByRole('button', { name: 'Delete' })).toBeVisible();
});

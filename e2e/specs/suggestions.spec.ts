import { addMember, expect, test } from '../fixtures/authors';
import { SuggestionsPage } from '../pages/suggestions-page';

test('a reader suggests a sentence while an author types nearby; the author accepts it and it counts for the reader', async ({
  newAuthor,
}) => {
  test.setTimeout(90_000);
  const ada = await newAuthor('Ada');
  const { bookId, chapterId } = await ada.app.createBook('Open to suggestions');
  await ada.chapter.expectLive();
  await ada.chapter.focusEnd();
  await ada.chapter.type('First words. Second words.');
  await ada.chapter.expectStage('saved');

  const carl = await newAuthor('Carl');
  await addMember(ada, carl, bookId, 'reader');
  await carl.chapter.open(bookId, chapterId);
  await carl.chapter.expectReadOnly('Reading only');
  const carlSuggests = new SuggestionsPage(carl.page);
  await expect(carlSuggests.toggle).toHaveCount(0);

  await ada.comments.open();
  await ada.comments.openRound('First readers');
  await expect(carl.comments.banner).toContainText('Draft sent to readers');

  // Carl suggests a sentence after the first one while Ada goes on typing at the end.
  await carlSuggests.start();
  await carl.comments.caretAfter('First words.');
  await ada.chapter.focusEnd();
  await Promise.all([carl.chapter.type(' A new sentence.', 20), ada.chapter.type(' Third words.', 20)]);

  const adaSuggests = new SuggestionsPage(ada.page);
  await expect(adaSuggests.insertions).toHaveText(' A new sentence.');
  await expect(adaSuggests.insertions).toHaveAttribute('title', 'Suggested by Carl');
  await expect(carlSuggests.insertions).toHaveText(' A new sentence.');
  // Nothing of Carl's reached the text, and the suggester cannot accept his own.
  expect(await ada.api.serverText(bookId, chapterId)).toBe('First words. Second words. Third words.');
  await expect(carlSuggests.item('A new sentence.').getByRole('button', { name: 'Accept' })).toHaveCount(0);
  await expect(carlSuggests.item('A new sentence.').getByRole('button', { name: 'Withdraw' })).toBeVisible();

  await adaSuggests.decide('A new sentence.', 'Accept');
  await expect(adaSuggests.insertions).toHaveCount(0);
  // (Carl's caret stands before his sentence in Ada's text.)
  await expect(ada.chapter.editor).toContainText('A new sentence. Second words. Third words.');
  await expect(carl.chapter.editor).toContainText('First words. A new sentence. Second words. Third words.');
  await expect
    .poll(() => ada.api.serverText(bookId, chapterId))
    .toBe('First words. A new sentence. Second words. Third words.');

  // Carl sees what changed because of him; the credits count his accepted suggestion.
  await expect(carlSuggests.mine).toContainText('Accepted: inserted “ A new sentence.”');
  await ada.app.open(`/books/${bookId}/credits`);
  await expect(ada.page.getByTestId('credits-text')).toContainText('Carl (1 suggestion accepted)');
  // The owner sees the round's outcome.
  await ada.chapter.open(bookId, chapterId);
  await expect(adaSuggests.rounds).toContainText('“First readers”: 1 made, 1 accepted, 0 rejected, 0 open');
});

test('deleting a selected passage while suggesting suggests its deletion; the suggester withdraws it', async ({
  newAuthor,
}) => {
  const ada = await newAuthor('Ada');
  const { bookId, chapterId } = await ada.app.createBook('Cut this');
  await ada.chapter.expectLive();
  await ada.chapter.focusEnd();
  await ada.chapter.type('Keep this. Cut this. Keep that.');
  await ada.chapter.expectStage('saved');

  const rita = await newAuthor('Rita');
  await addMember(ada, rita, bookId, 'reviewer');
  await rita.chapter.open(bookId, chapterId);
  const ritaSuggests = new SuggestionsPage(rita.page);
  await ritaSuggests.start();
  await rita.comments.selectText('Cut this.');
  await rita.chapter.press('Backspace');

  const adaSuggests = new SuggestionsPage(ada.page);
  await expect(adaSuggests.deletions).toHaveText('Cut this.');
  await expect(adaSuggests.item('Cut this.').getByRole('button', { name: 'Reject' })).toBeVisible();
  await ritaSuggests.decide('Cut this.', 'Withdraw');
  await expect(adaSuggests.deletions).toHaveCount(0);
  expect(await ada.api.serverText(bookId, chapterId)).toBe('Keep this. Cut this. Keep that.');
});

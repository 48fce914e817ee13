import { addMember, expect, test, type Author } from '../fixtures/authors';
import { SuggestionsPage } from '../pages/suggestions-page';

/** The owner's book with one paragraph typed and saved. */
async function bookWith(ada: Author, title: string, text: string) {
  const { bookId, chapterId } = await ada.app.createBook(title);
  await ada.chapter.expectLive();
  await ada.chapter.focusEnd();
  await ada.chapter.type(text);
  await ada.chapter.expectStage('saved');
  return { bookId, chapterId };
}

/** `who`, a reviewer of the book, on its chapter in Suggest mode. */
async function suggester(ada: Author, who: Author, bookId: string, chapterId: string) {
  await addMember(ada, who, bookId, 'reviewer');
  await who.chapter.open(bookId, chapterId);
  const suggestions = new SuggestionsPage(who.page);
  await suggestions.start();
  return suggestions;
}

/** Suggests `text` right after the passage `after` (typing there in Suggest mode). */
async function suggestAfter(who: Author, after: string, text: string): Promise<void> {
  await who.comments.caretAfter(after);
  await who.chapter.type(text);
}

test('an author accepts all of one suggester’s suggestions at once; the other suggester’s stay open', async ({
  newAuthor,
}) => {
  test.setTimeout(90_000);
  const ada = await newAuthor('Ada');
  const { bookId, chapterId } = await bookWith(ada, 'Many suggestions', 'One. Two. Three.');
  const rita = await newAuthor('Rita');
  const carl = await newAuthor('Carl');
  const ritaSuggests = await suggester(ada, rita, bookId, chapterId);
  const carlSuggests = await suggester(ada, carl, bookId, chapterId);

  await suggestAfter(rita, 'Three.', ' Four.');
  await suggestAfter(rita, 'One.', ' Half.');
  await expect(ritaSuggests.insertions).toHaveCount(2);
  await suggestAfter(carl, 'Two.', ' Carl.');
  await carl.chapter.press('ArrowLeft');

  const adaSuggests = new SuggestionsPage(ada.page);
  await expect(adaSuggests.insertions).toHaveCount(3);
  await expect(adaSuggests.bulkButton('Accept all from Rita')).toBeVisible();
  await expect(carlSuggests.bulkButton('Accept all')).toHaveCount(0);
  // It asks first; Cancel leaves everything as it was.
  await adaSuggests.bulkButton('Accept all from Rita').click();
  await ada.page.getByRole('button', { name: 'Cancel' }).click();
  await expect(adaSuggests.insertions).toHaveCount(3);

  await adaSuggests.decideAll('Accept all from Rita');
  await expect.poll(() => ada.api.serverText(bookId, chapterId)).toBe('One. Half. Two. Three. Four.');
  await expect(adaSuggests.insertions).toHaveText([' Carl.']);
  await expect(ritaSuggests.mine).toContainText('Accepted: inserted “ Four.”');
  await expect(ritaSuggests.mine).toContainText('Accepted: inserted “ Half.”');
  await expect(await ritaSuggests.bookWide()).toHaveText(
    'Across the book: 2 suggestions accepted, 0 threads resolved in 1 chapter',
  );
  await ada.app.open(`/books/${bookId}/credits`);
  await expect(ada.page.getByTestId('credits-text')).toContainText('Rita (2 suggestions accepted)');
});

test('a suggestion carries a thread: the author asks, the suggester answers, both see it live', async ({
  newAuthor,
}) => {
  const ada = await newAuthor('Ada');
  const { bookId, chapterId } = await bookWith(ada, 'Talk it over', 'Keep this. Cut this. Keep that.');
  const rita = await newAuthor('Rita');
  const ritaSuggests = await suggester(ada, rita, bookId, chapterId);
  await rita.comments.selectText('Cut this.');
  await rita.chapter.press('Backspace');

  const adaSuggests = new SuggestionsPage(ada.page);
  await expect(adaSuggests.deletions).toHaveText('Cut this.');
  await adaSuggests.reply('Cut this.', 'Why cut it?');
  await expect(ritaSuggests.thread('Cut this.')).toContainText('Ada: Why cut it?');
  await ritaSuggests.reply('Cut this.', 'It repeats the first sentence.');
  await expect(adaSuggests.thread('Cut this.')).toContainText('Rita: It repeats the first sentence.');
  await adaSuggests.decide('Cut this.', 'Accept');
  await expect.poll(() => ada.api.serverText(bookId, chapterId)).toBe('Keep this.  Keep that.');
});

test('bold suggested with Ctrl+B in Suggest mode shows as a suggestion and, accepted, becomes bold', async ({
  newAuthor,
}) => {
  const ada = await newAuthor('Ada');
  const { bookId, chapterId } = await bookWith(ada, 'Make it bold', 'Plain words here.');
  const rita = await newAuthor('Rita');
  const ritaSuggests = await suggester(ada, rita, bookId, chapterId);
  await rita.comments.selectText('words');
  await rita.chapter.press('Control+b');

  const adaSuggests = new SuggestionsPage(ada.page);
  await expect(adaSuggests.formats).toHaveText('words');
  await expect(adaSuggests.formats).toHaveAttribute('title', 'Suggested: bold (Rita)');
  await expect(ritaSuggests.formats).toHaveText('words');
  // Nothing is bold until it is accepted.
  await expect(ada.chapter.editor.locator('strong')).toHaveCount(0);
  await expect(adaSuggests.item('words')).toContainText('Rita suggests to format (bold)');
  await adaSuggests.decide('words', 'Accept');
  await expect(ada.chapter.editor.locator('strong')).toHaveText('words');
  await expect(rita.chapter.editor.locator('strong')).toHaveText('words');
  await expect(adaSuggests.formats).toHaveCount(0);
  await expect(ritaSuggests.mine).toContainText('Accepted: formatted (bold) “words”');
});

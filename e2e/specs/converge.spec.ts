import { expect, startBook, test, type Author } from '../fixtures/authors';

// Disjoint alphabets, so each author's keystrokes can be picked out of the merged text.
const keystrokes: Record<string, string> = {
  Ada: 'abcdefghijklmnopqrst',
  Ben: '01234567890123456789',
  Cy: 'ABCDEFGHIJKLMNOPQRST',
};

function only(text: string, alphabet: string): string {
  return [...text].filter((char) => alphabet.includes(char)).join('');
}

/** Everyone types their keystrokes at the end of the chapter at once, then all must agree. */
async function typeAtOnceAndConverge(authors: readonly Author[], before: readonly string[]): Promise<void> {
  await Promise.all(authors.map((author) => author.chapter.focusEnd()));
  // Typing starts from the last block or not at all (see expectCaretAtEnd).
  for (const author of authors) await author.chapter.expectCaretAtEnd();
  await Promise.all(authors.map((author) => author.chapter.type(keystrokes[author.name] ?? '', 15)));

  const typed = authors.map((author) => keystrokes[author.name] ?? '').join('');
  const expectedLength = before.join('').length + typed.length;
  for (const author of authors) {
    await expect
      .poll(async () => (await author.chapter.paragraphTexts()).join('').length)
      .toBe(expectedLength);
  }
  const [first, ...others] = await Promise.all(authors.map((author) => author.chapter.paragraphTexts()));
  for (const paragraphs of others) expect(paragraphs).toEqual(first);
  expect(first?.slice(0, -1)).toEqual(before.slice(0, -1));
  const last = first?.at(-1) ?? '';
  for (const author of authors)
    expect(only(last, keystrokes[author.name] ?? '')).toBe(keystrokes[author.name]);
}

test('three authors typing into the chapter’s first paragraph at once end with the same text holding every keystroke', async ({
  newAuthor,
}) => {
  const authors = await Promise.all([newAuthor('Ada'), newAuthor('Ben'), newAuthor('Cy')]);
  await startBook(authors);
  await typeAtOnceAndConverge(authors, ['']);
});

test('three authors typing at once into a paragraph one of them just created converge without duplicates', async ({
  newAuthor,
}) => {
  const authors = await Promise.all([newAuthor('Ada'), newAuthor('Ben'), newAuthor('Cy')]);
  await startBook(authors);
  const [ada] = authors;
  await ada?.chapter.focusEnd();
  await ada?.chapter.type('Opening line.');
  await ada?.chapter.press('Enter');
  for (const author of authors) {
    await expect.poll(() => author.chapter.paragraphTexts()).toEqual(['Opening line.', '']);
  }
  await typeAtOnceAndConverge(authors, ['Opening line.', '']);
});

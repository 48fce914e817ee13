import { expect, startBook, test } from '../fixtures/authors';

// Disjoint alphabets, so each author's keystrokes can be picked out of the merged text.
const keystrokes = {
  Ada: 'abcdefghijklmnopqrst',
  Ben: '01234567890123456789',
  Cy: 'ABCDEFGHIJKLMNOPQRST',
} as const;

function only(text: string, alphabet: string): string {
  return [...text].filter((char) => alphabet.includes(char)).join('');
}

test('three authors typing into one paragraph at once end with the same text holding every keystroke', async ({
  newAuthor,
}) => {
  const authors = await Promise.all([newAuthor('Ada'), newAuthor('Ben'), newAuthor('Cy')]);
  await startBook(authors);
  await Promise.all(authors.map((author) => author.chapter.focusEnd()));

  await Promise.all(
    authors.map((author) => author.chapter.type(keystrokes[author.name as keyof typeof keystrokes], 15)),
  );

  const expectedLength = Object.values(keystrokes).join('').length;
  for (const author of authors) {
    await expect.poll(() => author.chapter.text()).toHaveLength(expectedLength);
  }
  const [first, ...others] = await Promise.all(authors.map((author) => author.chapter.text()));
  for (const text of others) expect(text).toBe(first);
  expect(only(first ?? '', keystrokes.Ada)).toBe(keystrokes.Ada);
  expect(only(first ?? '', keystrokes.Ben)).toBe(keystrokes.Ben);
  expect(only(first ?? '', keystrokes.Cy)).toBe(keystrokes.Cy);
  expect(await authors[0]?.chapter.paragraphTexts()).toHaveLength(1);
});

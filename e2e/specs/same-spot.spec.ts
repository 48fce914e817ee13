import { expect, startBook, test } from '../fixtures/authors';

const sentences: Record<string, string> = {
  Ada: 'Ada writes her line here.',
  Ben: 'Ben adds his own thought.',
  Cy: 'Cy types a third sentence.',
};

test('three authors typing a sentence each at one caret position keep each sentence in one piece', async ({
  newAuthor,
}) => {
  const authors = await Promise.all([newAuthor('Ada'), newAuthor('Ben'), newAuthor('Cy')]);
  await startBook(authors);
  const [ada] = authors;
  await ada?.chapter.focusEnd();
  await ada?.chapter.type('Start: ');
  for (const author of authors) await expect.poll(() => author.chapter.text()).toBe('Start: ');
  await Promise.all(authors.map((author) => author.chapter.focusEnd()));
  for (const author of authors) await author.chapter.expectCaretAtEnd();

  await Promise.all(authors.map((author) => author.chapter.type(sentences[author.name] ?? '', 25)));

  const length = 'Start: '.length + Object.values(sentences).join('').length;
  for (const author of authors)
    await expect.poll(async () => (await author.chapter.text()).length).toBe(length);
  const texts = await Promise.all(authors.map((author) => author.chapter.text()));
  expect(new Set(texts).size, texts.join('\n')).toBe(1);
  for (const sentence of Object.values(sentences)) expect(texts[0]).toContain(sentence);
});

import { PALETTE, PALETTE_NAMES } from '@wethink/shared';
import { addMember, expect, startBook, test } from '../fixtures/authors';
import { colorDistance } from '../support/color-distance';

test('a member keeps their colour when someone with the same account colour joins; their own choice for the book reaches the others', async ({
  newAuthor,
}) => {
  test.setTimeout(120_000);
  const people = await Promise.all([newAuthor('Ada'), newAuthor('Ben'), newAuthor('Cy')]);
  const [ada, ben, cy] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
  const { bookId, chapterId } = await startBook([ada, ben]);
  await ben.chapter.focusEnd();
  await ben.chapter.type('Ben was here.');
  const colourOf = async (userId: string) =>
    (await ada.api.members(bookId)).find((member) => member.userId === userId)!.color;
  const benColour = await colourOf(ben.userId);
  await expect.poll(() => ada.chapter.remoteCursorColor('Ben')).toBe(benColour);

  // Cy joins with Ben's colour as her account colour: Ben keeps his, Cy gets another.
  await cy.api.setAccountColor(benColour);
  await addMember(ada, cy, bookId, 'author');
  await cy.chapter.open(bookId, chapterId);
  await cy.chapter.expectLive();
  await cy.chapter.focusEnd();
  await cy.chapter.type(' Cy too.');
  const presenceColour = async (name: string) =>
    (await ada.chapter.presencePeople()).find((person) => person.name === name)?.color ?? '';
  await expect.poll(() => presenceColour('Cy')).not.toBe('');
  expect(await colourOf(ben.userId)).toBe(benColour);
  expect(await presenceColour('Ben')).toBe(benColour);
  expect(await ada.chapter.remoteCursorColor('Ben')).toBe(benColour);
  expect(colorDistance(await presenceColour('Cy'), benColour)).toBeGreaterThan(20);
  await ada.history.authorsToggle.click();
  await expect
    .poll(async () => (await ada.history.legendEntries()).find((entry) => entry.text.endsWith('Ben'))?.color)
    .toBe(benColour);

  // Ben chooses a free palette colour for this book on its people page.
  const taken = (await ada.api.members(bookId)).map((member) => member.color);
  const chosen = PALETTE.find((color) => taken.every((other) => colorDistance(color, other) >= 22))!;
  await ben.members.open(bookId);
  await ben.members.chooseMyColour(PALETTE_NAMES[chosen]);
  await expect.poll(() => colourOf(ben.userId)).toBe(chosen);
  await expect(ben.members.error).toHaveCount(0);

  // The others see it once their page reads the members again, and his caret in it once he is back.
  await ben.chapter.open(bookId, chapterId);
  await ben.chapter.expectLive();
  await ada.chapter.reload();
  await ada.chapter.expectLive();
  await expect.poll(() => presenceColour('Ben')).toBe(chosen);
  await ben.chapter.focusEnd();
  await ben.chapter.type(' Again.');
  await expect.poll(() => ada.chapter.remoteCursorColor('Ben')).toBe(chosen);
  expect(await presenceColour('Cy')).not.toBe(chosen);
});

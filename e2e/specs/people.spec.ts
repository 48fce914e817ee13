import { addMember, expect, startBook, test } from '../fixtures/authors';
import { ChapterPage } from '../pages/chapter-page';
import { colorDistance } from '../support/color-distance';

test('every member of a book has a colour of their own and initials, the same on every screen', async ({
  newAuthor,
}) => {
  const people = await Promise.all([
    newAuthor('Ada Lovelace'),
    newAuthor('Ben Okri'),
    newAuthor('Cy Twombly'),
    newAuthor('Di Prima'),
  ]);
  const [ada, ben, cy, di] = people as [
    (typeof people)[0],
    (typeof people)[0],
    (typeof people)[0],
    (typeof people)[0],
  ];
  const { bookId, chapterId } = await startBook([ada, ben]);
  await addMember(ada, cy, bookId, 'reviewer');
  await addMember(ada, di, bookId, 'reader');
  await Promise.all([cy, di].map((person) => person.chapter.open(bookId, chapterId)));
  await ben.chapter.focusEnd();
  await ben.chapter.type('Ben was here.');

  // Colours come from the member list, fetched again when people the page does not know show up.
  const closestPair = (people: Array<{ color: string }>) =>
    Math.min(...people.flatMap((a, i) => people.slice(i + 1).map((b) => colorDistance(a.color, b.color))));
  const byName = (list: Array<{ name: string; color: string }>) =>
    Object.fromEntries(
      list.map((p) => [p.name.replace(' (you)', ''), p.color]).sort(([a], [b]) => a!.localeCompare(b!)),
    );
  // Ada's page knew only Ada and Ben when Cy and Di appeared: until its member list is fetched again
  // it shows them in their account colours. Cy's page had all four from the start. Wait until Ada's
  // page has caught up: then every screen shows the same colours.
  await expect
    .poll(async () => {
      const [mine, theirs] = await Promise.all([ada.chapter.presencePeople(), cy.chapter.presencePeople()]);
      return mine.length === 4 && JSON.stringify(byName(mine)) === JSON.stringify(byName(theirs));
    })
    .toBe(true);
  const seen = await ada.chapter.presencePeople();
  expect(closestPair(seen)).toBeGreaterThan(20);
  expect(seen.map((person) => person.initials).sort()).toEqual(['AL', 'BO', 'CT', 'DP']);
  await expect.poll(() => ada.chapter.remoteCursorColor('Ben Okri')).toBe(byName(seen)['Ben Okri']);

  // The authors' colours come with a legend, in the same colours as the presence bar.
  await ada.history.authorsToggle.click();
  await expect
    .poll(() => ada.history.legendEntries())
    .toEqual([{ text: 'BO Ben Okri', color: byName(seen)['Ben Okri'] }]);
});

test('the same person in two tabs is one presence with a tab count, and no caret of their own name', async ({
  newAuthor,
}) => {
  const authors = await Promise.all([newAuthor('Ada'), newAuthor('Ben')]);
  const [ada, ben] = authors as [(typeof authors)[0], (typeof authors)[0]];
  const { bookId, chapterId } = await startBook(authors);
  const secondTab = new ChapterPage(await ada.context.newPage());
  await secondTab.open(bookId, chapterId);
  await secondTab.focusEnd();
  await secondTab.type('From my second tab.');
  await ben.chapter.focusEnd();
  await expect.poll(() => ada.chapter.text()).toContain('From my second tab.');

  await expect(ben.chapter.presenceEntry('Ada')).toContainText('2 tabs');
  await expect
    .poll(async () => (await ada.chapter.presencePeople()).map((person) => [person.name, person.tabs]))
    .toEqual([
      ['Ada (you)', '2 tabs'],
      ['Ben', ''],
    ]);
  await expect(ada.chapter.remoteCursor('Ben')).toHaveCount(1);
  await expect(ada.chapter.remoteCursor('Ada')).toHaveCount(0);
});

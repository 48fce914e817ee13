import { addMember, expect, startBook, test } from '../fixtures/authors';
import { SocketGate } from '../support/socket-gate';
import { consoleAllowances } from '../support/console-allowances';

test.use({ consoleAllowed: { patterns: [...consoleAllowances.networkDown] } });

test('an author who edited offline sees once, back online, what merged while they were away', async ({
  newAuthor,
}) => {
  const ada = await newAuthor('Ada');
  const { bookId, chapterId } = await startBook([ada]);
  await ada.chapter.focusEnd();
  await ada.chapter.type('Shared start.');
  const ben = await newAuthor('Ben');
  await addMember(ada, ben, bookId, 'author');
  const gate = await SocketGate.install(ben.page);
  await ben.chapter.open(bookId, chapterId);
  await ben.chapter.expectLive();
  const report = ben.page.getByRole('status', { name: 'While you were away' });

  await gate.block();
  await ben.chapter.expectConnection('offline');
  await ben.chapter.focusEnd();
  await ben.chapter.press('Enter');
  await ben.chapter.type('Ben, offline.');
  await ada.chapter.focusEnd();
  await ada.chapter.press('Enter');
  await ada.chapter.type('Ada, online and busy.');
  await ada.chapter.expectStage('saved');
  await expect(report).toHaveCount(0);

  gate.unblock();
  await ben.chapter.expectLive();
  await expect(report).toContainText('While you were away');
  // The server counts whole minutes: the words Ada wrote just before Ben went offline may count too.
  await expect(report).toContainText(/Ada: \d+ words added/);
  await expect(report).toContainText('Your changes went in: 2 words added.');
  await report.getByRole('button', { name: 'Dismiss' }).click();
  await expect(report).toHaveCount(0);
});

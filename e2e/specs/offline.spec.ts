import { addMember, expect, startBook, test } from '../fixtures/authors';
import { SocketGate } from '../support/socket-gate';
import { consoleAllowances } from '../support/console-allowances';

test.use({ consoleAllowed: { patterns: [...consoleAllowances.networkDown] } });

test('an author offline keeps editing across a reload, and both sides merge on reconnect', async ({
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
  await expect.poll(() => ben.chapter.text()).toBe('Shared start.');
  await ben.chapter.waitForOfflineShell();

  // Ben loses the network. setOffline alone leaves an open socket paused in Chromium, so the
  // gate also cuts it and refuses new ones.
  await ben.context.setOffline(true);
  await gate.block();
  await ben.chapter.expectConnection('offline');

  await ben.chapter.focusEnd();
  await ben.chapter.press('Enter');
  await ben.chapter.type('Ben, offline.');
  await ada.chapter.focusEnd();
  await ada.chapter.press('Enter');
  await ada.chapter.type('Ada, online.');
  await ben.chapter.expectStage('device');
  await expect(ben.chapter.saveIndicator).toContainText('not yet saved');
  await ada.chapter.expectStage('saved');

  // Still offline, Ben reloads: the service worker serves the app, IndexedDB the text.
  const { hadLeaveWarning } = await ben.chapter.reload();
  expect(hadLeaveWarning).toBe(true);
  await ben.chapter.expectConnection('offline');
  await expect.poll(() => ben.chapter.paragraphTexts()).toEqual(['Shared start.', 'Ben, offline.']);
  await ben.chapter.expectStage('device');
  await ben.chapter.focusEnd();
  await ben.chapter.type(' Still here.');

  // Back online: both see everything, and Ben's changes reach the server's disk.
  gate.unblock();
  await ben.context.setOffline(false);
  await ben.chapter.expectLive();
  // The two new paragraphs were inserted at the same place concurrently; either order is a merge.
  const merged = ['Ada, online.', 'Ben, offline. Still here.', 'Shared start.'];
  await expect.poll(async () => (await ben.chapter.paragraphTexts()).sort()).toEqual(merged);
  const benText = await ben.chapter.paragraphTexts();
  await expect.poll(() => ada.chapter.paragraphTexts()).toEqual(benText);
  await ben.chapter.expectStage('saved');
});

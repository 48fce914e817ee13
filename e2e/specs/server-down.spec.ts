import { addMember, expect, test } from '../fixtures/authors';
import { ServerProcess } from '../support/server-process';
import { consoleAllowances } from '../support/console-allowances';

test.use({ consoleAllowed: { patterns: [...consoleAllowances.networkDown] } });

test('with the server down the chapter shows Offline, keeps edits across a reload, and saves them on its return', async ({
  newAuthor,
}) => {
  const server = await ServerProcess.create();
  await server.start();
  try {
    const ada = await newAuthor('Ada', { baseURL: server.baseURL });
    const { bookId, chapterId } = await ada.app.createBook('Outage book');
    await ada.chapter.expectLive();
    await ada.chapter.focusEnd();
    await ada.chapter.type('Before the outage.');
    await ada.chapter.expectStage('saved');
    await ada.chapter.waitForOfflineShell();

    await server.kill();
    await ada.chapter.expectConnection('offline');
    await expect(ada.chapter.saveIndicator).toContainText('Offline');
    await ada.chapter.type(' During the outage.');
    await ada.chapter.expectStage('device');
    await expect(ada.chapter.saveIndicator).toContainText(/\d+ changes? not yet saved/);

    // The app shell comes from the service worker, the text from IndexedDB.
    await ada.chapter.reload();
    await ada.chapter.expectConnection('offline');
    await expect.poll(() => ada.chapter.text()).toBe('Before the outage. During the outage.');

    // The client retries with backoff and saves on its own once the server is back.
    await server.start();
    await ada.chapter.expectLive();
    await ada.chapter.expectStage('saved');

    const ben = await newAuthor('Ben', { baseURL: server.baseURL });
    await addMember(ada, ben, bookId, 'author');
    await ben.chapter.open(bookId, chapterId);
    await expect.poll(() => ben.chapter.text()).toBe('Before the outage. During the outage.');
  } finally {
    await server.kill();
  }
});

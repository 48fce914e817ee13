import { expect, startBook, test } from '../fixtures/authors';

// y-websocket closes a socket that received nothing for 30 s; a quiet room must not flicker to
// "Offline" (the session sends a keepalive after 12 s of silence).
test('an author alone and idle in a chapter for 40 s stays live', async ({ newAuthor }) => {
  test.setTimeout(90_000);
  const ada = await newAuthor('Ada');
  await startBook([ada]);
  await ada.chapter.expectStage('saved');
  const readStates = await ada.chapter.recordConnectionStates();

  // The one fixed wait in the suite: the behaviour under test is what 40 quiet seconds do.
  await ada.page.waitForTimeout(40_000);

  expect(await readStates()).not.toContain('offline');
  await ada.chapter.expectLive();
});

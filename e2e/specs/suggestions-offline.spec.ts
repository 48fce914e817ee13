import { addMember, expect, test } from '../fixtures/authors';
import { SuggestionsPage } from '../pages/suggestions-page';
import { ApiGate } from '../support/api-gate';
import { consoleAllowances } from '../support/console-allowances';
import { SocketGate } from '../support/socket-gate';

test.use({
  consoleAllowed: { patterns: [...consoleAllowances.networkDown, ...consoleAllowances.suggestionAnchorGone] },
});

test('suggestions made offline wait as pending and go out on reconnect; one whose passage vanished meanwhile is reported', async ({
  newAuthor,
}) => {
  test.setTimeout(90_000);
  const ada = await newAuthor('Ada');
  const { bookId, chapterId } = await ada.app.createBook('Offline suggestions');
  await ada.chapter.expectLive();
  await ada.chapter.focusEnd();
  await ada.chapter.type('Line one. Doomed. Line two.');
  await ada.chapter.expectStage('saved');

  const rita = await newAuthor('Rita');
  await addMember(ada, rita, bookId, 'reviewer');
  const gate = await SocketGate.install(rita.page);
  const api = await ApiGate.install(rita.context);
  await rita.chapter.open(bookId, chapterId);
  await rita.chapter.expectLive();
  const ritaSuggests = new SuggestionsPage(rita.page);
  await ritaSuggests.start();

  await rita.context.setOffline(true);
  await gate.block();
  api.block();
  await rita.chapter.expectConnection('offline');
  // While Rita is cut off (her copy still has it), Ada deletes a passage.
  await ada.comments.selectText('Doomed. ');
  await ada.chapter.press('Backspace');
  await expect.poll(() => ada.api.serverText(bookId, chapterId)).toBe('Line one. Line two.');
  await rita.comments.caretAfter('Line one.');
  await rita.chapter.type(' Added offline.');
  await rita.comments.selectText('Doomed.');
  await rita.chapter.press('Backspace');
  await expect(ritaSuggests.pending).toHaveCount(2);
  // Shown in Rita's text meanwhile, as her suggestions.
  await expect(ritaSuggests.insertions).toHaveText(' Added offline.');
  await expect(ritaSuggests.deletions).toHaveText('Doomed.');

  gate.unblock();
  api.unblock();
  await rita.context.setOffline(false);
  await rita.chapter.expectLive();
  const adaSuggests = new SuggestionsPage(ada.page);
  await expect(adaSuggests.insertions).toHaveText(' Added offline.');
  await expect(ritaSuggests.pending).toHaveCount(0);
  await expect(ritaSuggests.error).toContainText(
    'Your suggestion was not sent: the passage it was about changed or is gone.',
  );
  await expect(adaSuggests.deletions).toHaveCount(0);
  await adaSuggests.decide('Added offline.', 'Accept');
  await expect.poll(() => ada.api.serverText(bookId, chapterId)).toBe('Line one. Added offline. Line two.');
});

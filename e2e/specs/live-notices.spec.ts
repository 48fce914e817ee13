import type { Page } from '@playwright/test';
import { expect, startBook, test } from '../fixtures/authors';
import { seriousViolations } from '../support/page-audit';

/** First byte of a notice frame (PROTOCOL.md, type 104). */
const NOTICE = 104;

/**
 * What reaches `page` in order: notice frames on its sync sockets and its requests for the bell,
 * so a test can tell which came first.
 */
function recordNoticesAndBellRequests(page: Page): string[] {
  const events: string[] = [];
  page.on('websocket', (socket) => {
    socket.on('framereceived', ({ payload }) => {
      if (typeof payload !== 'string' && payload[0] === NOTICE) events.push('notice');
    });
  });
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/notifications') events.push('bell request');
  });
  return events;
}

test('a mention reaches the other author’s bell live, pushed over the socket the page already holds', async ({
  newAuthor,
}) => {
  const ada = await newAuthor('Ada');
  const ben = await newAuthor('Ben');
  const events = recordNoticesAndBellRequests(ben.page);
  const { bookId, chapterId } = await startBook([ada, ben]);
  await ada.chapter.focusEnd();
  await ada.chapter.type('A line for Ben.');
  await expect.poll(() => ben.chapter.text()).toBe('A line for Ben.');
  await expect(ben.comments.bellButton()).toHaveAccessibleName('Notifications');
  // What the page asked while opening is behind us; from here on only the notice should ask.
  const before = events.length;

  await ada.comments.commentOn('A line for Ben.', '@Ben have a look');
  const sentAt = Date.now();
  // Well below the 30 s fallback poll, and no reload: the notice did it.
  await expect(ben.comments.bellButton()).toHaveAccessibleName('Notifications, 1 unread', { timeout: 3000 });
  test.info().annotations.push({ type: 'bell-after-send-ms', description: String(Date.now() - sentAt) });
  expect(events.slice(before)).toEqual(['notice', 'bell request']);
  await expect(ben.page).toHaveURL(new RegExp(`/books/${bookId}/chapters/${chapterId}`));
});

test('the owner’s members page shows an invitee the moment they join', async ({ newAuthor }) => {
  const ada = await newAuthor('Ada');
  const cy = await newAuthor('Cy');
  const { bookId } = await startBook([ada]);
  await ada.members.open(bookId);
  await expect(ada.members.member('Cy')).toHaveCount(0);
  const inviteUrl = await ada.members.createInvite('reviewer');

  await cy.page.goto(inviteUrl);
  await cy.app.joinFromInvite();
  await expect(ada.members.member('Cy')).toBeVisible({ timeout: 3000 });
  await expect(ada.members.roleSelect('Cy')).toHaveValue('reviewer');
});

test('typing @ offers the book’s members; the keyboard picks one and Ctrl+Enter sends it as a mention', async ({
  newAuthor,
}) => {
  const ada = await newAuthor('Ada');
  const ben = await newAuthor('Ben');
  const bea = await newAuthor('Bea');
  await startBook([ada, ben, bea]);
  await ada.chapter.focusEnd();
  await ada.chapter.type('Who reads this?');
  await ada.comments.typeDraft('Who reads this?', 'Over to @b');
  const list = ada.comments.mentionList();
  await expect(list.getByRole('option')).toHaveText(['Bea', 'Ben']);
  await expect(list.getByRole('option', { selected: true })).toHaveText('Bea');
  await expect(ada.comments.draftBody).toHaveAttribute(
    'aria-activedescendant',
    (await list.getByRole('option', { name: 'Bea' }).getAttribute('id'))!,
  );
  // The open list passes axe-core (listbox, options, the textbox's active descendant).
  expect(await seriousViolations(ada.page)).toEqual([]);
  await ada.comments.draftBody.press('ArrowDown');
  await expect(list.getByRole('option', { selected: true })).toHaveText('Ben');
  await ada.comments.draftBody.press('Enter');
  await expect(list).toBeHidden();
  await expect(ada.comments.draftBody).toHaveValue('Over to @Ben ');
  // Escape closes the list without picking, and leaves the draft open.
  await ada.comments.draftBody.pressSequentially('and @');
  await expect(list.getByRole('option')).toHaveText(['Ada', 'Bea', 'Ben']);
  await ada.comments.draftBody.press('Escape');
  await expect(list).toBeHidden();
  await expect(ada.comments.draftBody).toHaveValue('Over to @Ben and @');
  await ada.comments.draftBody.press('Backspace');
  await ada.comments.sendDraftWithKeyboard();

  await expect(ada.comments.commentBody('Who reads this?', 0)).toHaveText('Over to @Ben and');
  await expect(ada.comments.commentBody('Who reads this?', 0).locator('.mention')).toHaveText('@Ben');
  await expect(ben.comments.bellButton()).toHaveAccessibleName('Notifications, 1 unread', { timeout: 3000 });
  await expect(bea.comments.bellButton()).toHaveAccessibleName('Notifications');
});

import { expect, test } from '../fixtures/authors';
import { consoleAllowances } from '../support/console-allowances';

// The used-up link's page asks the server, which answers 404 with the reason.
test.use({ consoleAllowed: { patterns: [...consoleAllowances.notFound] } });

test('an invite link for one person and seven days says so, admits one person, then tells the next it is used up', async ({
  newAuthor,
}) => {
  const ada = await newAuthor('Ada');
  const { bookId } = await ada.app.createBook('Limited');
  await ada.chapter.expectLive();
  await ada.members.open(bookId);
  const link = await ada.members.createInvite('reader', { worksFor: '7 days', usableBy: '1 person' });
  await expect(ada.members.inviteEntry(link)).toContainText(/until .*2\d{3}.* · 0 of 1 used/);

  const carl = await newAuthor('Carl', { signUp: false });
  await carl.page.goto(link);
  await expect(carl.app.invite).toContainText('Ada invited you to join “Limited” as a reader.');
  await carl.app.invite.getByRole('link', { name: 'Create an account to join' }).click();
  await carl.app.signUp(carl.credentials);
  await expect(carl.page).toHaveURL(new RegExp(`/books/${bookId}$`));

  await ada.members.open(bookId);
  await expect(ada.members.inviteEntry(link)).toContainText('1 of 1 used');
  await expect(ada.members.member('Carl')).toContainText('reader');

  const dora = await newAuthor('Dora');
  await dora.page.goto(link);
  await expect(dora.app.notFoundHeading()).toHaveText('Invite not valid');
  await expect(dora.app.notFound).toContainText('used as many times as it allows');
});

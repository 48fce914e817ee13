import { expect, startBook, test } from '../fixtures/authors';
import { consoleAllowances } from '../support/console-allowances';

// signedOut: the book link opened after signing out everywhere (see console-allowances.ts).
test.use({
  consoleAllowed: { patterns: [...consoleAllowances.wrongCurrentPassword, ...consoleAllowances.signedOut] },
});

test('the account page changes name and colour (co-authors see them), the password, and signs out everywhere', async ({
  newAuthor,
  browser,
}) => {
  const authors = await Promise.all([newAuthor('Ada'), newAuthor('Ben')]);
  const [ada, ben] = authors as [(typeof authors)[0], (typeof authors)[0]];
  const { bookId, chapterId } = await startBook(authors);

  // Every signed-in page has the account link and Sign out in its bar, a chapter too.
  await expect(ada.app.appBar.getByRole('button', { name: 'Sign out' })).toBeVisible();
  await ada.app.appBar.getByRole('link', { name: 'Ada' }).click();
  await expect(ada.account.heading).toBeVisible();

  await ada.account.saveProfile({ name: 'Ada Lovelace', color: 'Teal' });
  await expect(ada.account.profileStatus).toHaveText('Saved.');
  await expect(ada.app.appBar.getByRole('link', { name: 'Ada Lovelace' })).toBeVisible();
  await ada.page.reload();
  await expect(ada.account.nameInput).toHaveValue('Ada Lovelace');
  await expect(ada.account.colorChoice('Teal')).toBeChecked();
  // Ben's members page shows her new name and colour.
  await ben.members.open(bookId);
  await expect(ben.members.member('Ada Lovelace')).toHaveCount(1);
  await expect(ben.members.member('Ada Lovelace').locator('.swatch')).toHaveAttribute(
    'style',
    /background:\s*#00707a/,
  );

  // A wrong current password is refused and said so; the right one changes it.
  await ada.account.changePassword('not my password', 'a brand new secret');
  await expect(ada.account.passwordError).toHaveText('Your current password is not right.');
  const second = await browser.newContext();
  const there = await second.newPage();
  await there.goto(`${new URL(ada.page.url()).origin}/sign-in`);
  await there.getByLabel('Email').fill(ada.credentials.email);
  await there.getByLabel('Password').fill(ada.credentials.password);
  await there.getByRole('button', { name: 'Sign in' }).click();
  await expect(there.getByRole('button', { name: 'Start a new book' })).toBeVisible();
  await ada.account.changePassword(ada.credentials.password, 'a brand new secret');
  await expect(ada.account.passwordStatus).toHaveText(/Password changed/);
  // The other device is signed out; this one stays.
  await there.reload();
  await expect(there).toHaveURL(/\/sign-in/);
  await second.close();
  await ada.chapter.open(bookId, chapterId);
  await ada.chapter.expectLive();

  // Sign out everywhere asks, then ends this session too.
  await ada.app.open('/account');
  await ada.account.signOutEverywhere();
  await ada.app.expectOnSignIn();
  await ada.app.open(`/books/${bookId}`);
  await ada.app.expectOnSignIn();
  await ada.app.signIn({ email: ada.credentials.email, password: 'a brand new secret' });
  await expect(ada.page).toHaveURL(new RegExp(`/books/${bookId}$`));
});

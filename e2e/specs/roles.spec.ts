import { addMember, expect, startBook, test } from '../fixtures/authors';
import { consoleAllowances } from '../support/console-allowances';

test.use({
  consoleAllowed: {
    patterns: [
      ...consoleAllowances.signedOut,
      ...consoleAllowances.wrongPassword,
      ...consoleAllowances.notFound,
      ...consoleAllowances.refused,
    ],
  },
});

test('a reviewer invited through the members page follows along read-only, marked as reviewer', async ({
  newAuthor,
}) => {
  // Ada signs up through the UI; a page that needs an account sends her to sign in first.
  const ada = await newAuthor('Ada', { signUp: false });
  await ada.app.open('/');
  await ada.app.expectOnSignIn();
  await ada.app.goToSignUp();
  await ada.app.signUp(ada.credentials);
  await ada.app.expectHome();

  const { bookId, chapterId } = await ada.app.createBook('Reviewed book');
  await ada.chapter.expectLive();
  await ada.chapter.focusEnd();
  await ada.chapter.type('Please review me.');
  await ada.chapter.expectStage('saved');

  // Signed out, her chapter link goes through sign-in (a wrong password is said so) and back.
  await ada.app.open('/');
  await expect(ada.app.bookEntry('Reviewed book')).toContainText('owner');
  await ada.app.signOut();
  await ada.app.open(`/books/${bookId}/chapters/${chapterId}`);
  await ada.app.expectOnSignIn();
  await ada.app.signIn({ email: ada.credentials.email, password: 'not her password' });
  await expect(ada.app.formError).toHaveText('Wrong email or password.');
  await ada.app.signIn(ada.credentials);
  await expect(ada.page).toHaveURL(new RegExp(`/books/${bookId}/chapters/${chapterId}$`));
  await expect.poll(() => ada.chapter.text()).toBe('Please review me.');

  await ada.app.open(`/books/${bookId}`);
  await ada.members.openFromBook();
  const link = await ada.members.createInvite('reviewer');

  // Rita opens the link signed out: she sees who invites her to what, signs up, and is in the
  // book without a second click.
  const rita = await newAuthor('Rita', { signUp: false });
  await rita.page.goto(link);
  await expect(rita.app.invite).toContainText('Ada invited you to join “Reviewed book” as a reviewer.');
  await rita.app.invite.getByRole('link', { name: 'Create an account to join' }).click();
  await rita.app.signUp(rita.credentials);
  await expect(rita.page).toHaveURL(new RegExp(`/books/${bookId}$`));
  await expect(rita.app.bookChapterLinks.first()).toBeVisible();
  await rita.chapter.openFromBook(bookId);
  await rita.chapter.expectLive();
  await rita.chapter.expectReadOnly('Reviewing');
  await expect.poll(() => rita.chapter.text()).toBe('Please review me.');

  // Typing does nothing, here or for Ada, and leaves nothing unsaved.
  await rita.chapter.focusEnd();
  await rita.chapter.type('Sneaky edit');
  expect(await rita.chapter.text()).toBe('Please review me.');
  await rita.chapter.expectStage('saved');

  // Ada sees Rita in the presence bar and her caret, both marked as a reviewer's.
  await ada.chapter.open(bookId, chapterId);
  await expect(ada.chapter.presenceEntry('Rita')).toContainText('reviewer');
  await rita.chapter.focusEnd();
  const cursor = ada.chapter.remoteCursor('Rita');
  await expect(cursor).toHaveAttribute('data-role', 'reviewer');
  await expect(cursor).toContainText('Rita · reviewer');
  expect(await ada.chapter.text()).toBe('Please review me.');
  expect(await rita.chapter.text()).toBe('Please review me.');

  // Rita watches Ada's caret move as Ada writes on.
  await ada.chapter.focusEnd();
  const adaCaret = rita.chapter.remoteCursor('Ada');
  await expect(adaCaret).toBeVisible();
  const before = (await adaCaret.boundingBox())!;
  await ada.chapter.type(' Thanks, Rita.');
  await expect.poll(async () => (await adaCaret.boundingBox())?.x ?? before.x).toBeGreaterThan(before.x);

  // The server's own copy holds Ada's words and nothing Rita typed.
  await expect.poll(() => ada.api.serverText(bookId, chapterId)).toBe('Please review me. Thanks, Rita.');
  await expect.poll(() => rita.chapter.text()).toBe('Please review me. Thanks, Rita.');
});

test('an author downgraded to reviewer while writing turns read-only without a reload', async ({
  newAuthor,
}) => {
  const authors = await Promise.all([newAuthor('Ada'), newAuthor('Ben')]);
  const [ada, ben] = authors as [(typeof authors)[0], (typeof authors)[0]];
  const { bookId, chapterId } = await startBook(authors);
  await ben.chapter.expectEditable();
  await ben.chapter.focusEnd();
  await ben.chapter.type('Ben writes.');
  await expect.poll(() => ada.chapter.text()).toBe('Ben writes.');

  await ada.members.open(bookId);
  await expect(ada.members.roleSelect('Ben')).toHaveValue('author');
  await ada.members.setRole('Ben', 'reviewer');
  await expect(ada.members.roleSelect('Ben')).toHaveValue('reviewer');

  await ben.chapter.expectReadOnly('Reviewing');
  await ben.chapter.expectLive();
  await ben.chapter.type(' More.');
  expect(await ben.chapter.text()).toBe('Ben writes.');
  await ada.chapter.open(bookId, chapterId);
  await expect(ada.chapter.presenceEntry('Ben')).toContainText('reviewer');
  await ada.members.open(bookId);

  // The last owner cannot step down: the server's reason is shown and the role stays.
  await ada.members.setRole('Ada', 'author');
  await expect(ada.members.error).toBeVisible();
  await expect(ada.members.roleSelect('Ada')).toHaveValue('owner');
});

test('a member removed from the book is told they no longer have access', async ({ newAuthor }) => {
  const authors = await Promise.all([newAuthor('Ada'), newAuthor('Ben')]);
  const [ada, ben] = authors as [(typeof authors)[0], (typeof authors)[0]];
  const { bookId } = await startBook(authors);

  await ada.members.open(bookId);
  await ada.members.remove('Ben');

  await expect(ben.app.notFoundHeading()).toHaveText('You no longer have access to this book');
  await ben.app.open(`/books/${bookId}`);
  await expect(ben.app.notFoundHeading()).toHaveText('Book not found');
});

test('a reader sees the book read-only and the members without controls; a revoked invite link says so', async ({
  newAuthor,
}) => {
  const ada = await newAuthor('Ada');
  const carl = await newAuthor('Carl');
  const { bookId } = await ada.app.createBook('Members book');
  await addMember(ada, carl, bookId, 'reader');

  await carl.members.open(bookId);
  await expect(carl.members.member('Ada')).toContainText('owner');
  await expect(carl.members.member('Carl')).toContainText('reader');
  await expect(carl.members.roleSelect('Ada')).toHaveCount(0);
  await carl.app.open('/');
  await expect(carl.app.bookEntry('Members book')).toContainText('reader');
  await carl.chapter.openFromBook(bookId);
  await carl.chapter.expectReadOnly('Reading only');

  await ada.members.open(bookId);
  const link = await ada.members.createInvite('author');
  await ada.members.revokeInvite(link);
  await carl.page.goto(link);
  await expect(carl.app.notFoundHeading()).toHaveText('Invite not valid');
});

test('a book nobody started is empty for a reader until its owner opens it, and the reader never writes it', async ({
  newAuthor,
}) => {
  const ada = await newAuthor('Ada');
  const carl = await newAuthor('Carl');
  const book = await ada.api.createBook('Not started');
  await addMember(ada, carl, book.id, 'reader');

  await carl.app.open(`/books/${book.id}`);
  await expect(carl.app.notFoundHeading()).toHaveText('This book is still empty');

  await ada.app.open(`/books/${book.id}`);
  await ada.chapter.openFromBook(book.id);
  await ada.chapter.expectLive();
  await carl.chapter.openFromBook(book.id);
  await carl.chapter.expectReadOnly('Reading only');
  // One chapter (Ada's), nothing of Carl's waiting to be saved.
  await expect(carl.chapter.chapterLinks).toHaveCount(1);
  await carl.chapter.expectStage('saved');
});

import { expect, test } from '../fixtures/authors';
import { consoleAllowances } from '../support/console-allowances';

test.use({
  consoleAllowed: {
    patterns: [
      ...consoleAllowances.signedOut,
      // Once blocked, her open chapter page finds the book gone (she is no longer a member) …
      ...consoleAllowances.notFound,
      // … and joining again is refused: the page shows the server's reason.
      /status of 403 \(Forbidden\) \(http:\/\/[^)]*\/public\/join\)/,
    ],
  },
});

test('the owner makes an open round public; a visitor without an account reads it live, then joins as a reader', async ({
  newAuthor,
}) => {
  test.setTimeout(90_000);
  const ada = await newAuthor('Ada');
  const { bookId, chapterId } = await ada.app.createBook('An open draft');
  await ada.chapter.expectLive();
  await ada.chapter.focusEnd();
  await ada.chapter.type('Read me.');
  await ada.chapter.expectStage('saved');
  await ada.comments.open();
  await ada.comments.openRound('Everyone');

  const control = ada.page.locator('public-link');
  await control.getByRole('button', { name: 'Make this draft public' }).click();
  const link = control.locator('.public-link__href');
  await expect(link).toHaveText(new RegExp(`/p/${bookId}/${chapterId}/[A-Za-z0-9_-]+$`));
  const href = (await link.textContent()) ?? '';

  // Vera has no account: she reads the draft, live.
  const vera = await newAuthor('Vera', { signUp: false });
  await vera.page.goto(href);
  const text = vera.page.locator('public-chapter-view book-editor .ProseMirror');
  await expect(text).toHaveText('Read me.');
  await expect(text).toHaveAttribute('aria-readonly', 'true');
  await ada.chapter.editor.click();
  await ada.chapter.focusEnd();
  await ada.chapter.type(' And more.');
  await expect(text).toHaveText('Read me. And more.');
  await expect(vera.page.getByRole('link', { name: 'Sign up to comment' })).toBeVisible();

  // Signed up, she joins the book as a reader of the round.
  vera.userId = (await vera.api.signUp(vera.credentials)).id;
  await vera.page.reload();
  await vera.page.getByRole('button', { name: 'Join to comment and suggest' }).click();
  await vera.chapter.expectReadOnly('Reading only');
  await expect(vera.chapter.editor).toContainText('Read me. And more.');

  // The owner blocks her from the members page: she is removed, and the link no longer lets her in.
  await ada.members.open(bookId);
  await ada.members.block('Vera');
  await vera.page.goto(href);
  await vera.page.getByRole('button', { name: 'Join to comment and suggest' }).click();
  await expect(vera.page.locator('.public-draft__error')).toContainText('blocked');

  // The owner withdraws the link.
  await ada.chapter.open(bookId, chapterId);
  await ada.comments.open();
  await control.getByRole('button', { name: 'Withdraw link' }).click();
  await expect(control.getByRole('button', { name: 'Make this draft public' })).toBeVisible();
});

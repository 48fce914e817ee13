import { addMember, expect, startBook, test } from '../fixtures/authors';

// Every test here fails on any console error or warning and any uncaught error, in anyone's tab
// (fixtures/authors.ts). Each ends with a round trip that comes after anything the server would have
// said about what came before (it answers one socket in order), so absence is proven, not hoped for.

test('switching chapters through the sidebar, while a co-author types, leaves the console clean', async ({
  newAuthor,
}) => {
  const authors = await Promise.all([newAuthor('Ada'), newAuthor('Ben')]);
  const [ada, ben] = authors as [(typeof authors)[0], (typeof authors)[0]];
  await startBook(authors);
  await ada.chapter.focusEnd();
  await ada.chapter.type('One.');
  await ada.chapter.newChapter.click();
  await expect(ada.chapter.chapterTitle).toHaveValue('Chapter 2');
  await ada.chapter.focusEnd();
  await ada.chapter.type('Two.');
  await expect(ben.chapter.chapterLinks).toHaveCount(2);

  await ben.chapter.focusEnd();
  const typing = ben.chapter.type(' Ben keeps on writing in chapter one.', 40);
  for (let round = 0; round < 3; round += 1) {
    await ada.chapter.chapterLinks.nth(0).click();
    await expect.poll(() => ada.chapter.text()).toMatch(/^One\./);
    await ada.chapter.chapterLinks.nth(1).click();
    await expect.poll(() => ada.chapter.text()).toBe('Two.');
  }
  await typing;
  await ada.chapter.chapterLinks.nth(0).click();
  await expect.poll(() => ada.chapter.text()).toBe('One. Ben keeps on writing in chapter one.');
});

test('authors and a reviewer open a chapter with comments without any permission complaint', async ({
  newAuthor,
}) => {
  const authors = await Promise.all([newAuthor('Ada'), newAuthor('Ben')]);
  const [ada, ben] = authors as [(typeof authors)[0], (typeof authors)[0]];
  const { bookId, chapterId } = await startBook(authors);
  await ada.chapter.focusEnd();
  await ada.chapter.type('The sea was calm, then it was not.');
  await ada.chapter.press('Backspace');
  await ada.chapter.type('!');
  const rita = await newAuthor('Rita');
  await addMember(ada, rita, bookId, 'reviewer');
  await rita.chapter.open(bookId, chapterId);
  await rita.chapter.expectReadOnly('Reviewing');
  await rita.comments.commentOn('The sea was calm', 'Calm?');
  await ben.comments.open();
  await ben.comments.resolve('The sea was calm');
  await ben.comments.expectStatus('The sea was calm', 'resolved');

  // Everyone comes back: the chapter and its comments have deletions in them now.
  for (const author of [ada, ben, rita]) {
    await author.chapter.reload();
    await author.chapter.expectLive();
  }
  await rita.chapter.editor.click();
  await rita.chapter.type('typing does nothing');
  // Rita's caret reached Ada (after her answer to the server's sync step 1), and Ada's next
  // keystroke and comment reach Rita after anything the server said to her before.
  await expect(ada.chapter.remoteCursors.filter({ hasText: 'Rita' })).toHaveCount(1);
  await ada.chapter.focusEnd();
  await ada.chapter.type(' Later.');
  await expect.poll(() => rita.chapter.text()).toBe('The sea was calm, then it was not! Later.');
  await rita.comments.open();
  await ben.comments.open();
  await ada.comments.commentOn('Later.', 'A note from Ada.');
  await expect(rita.comments.thread('Later.')).toBeVisible();
  await expect(ben.comments.thread('Later.')).toBeVisible();
});

test('signed-out pages (sign in, sign up) leave the console clean', async ({ newAuthor }) => {
  // The server answers a signed-out `GET /api/me` with 200 `{ user: null }`: nothing to log.
  const visitor = await newAuthor('Vi', { signUp: false });
  await visitor.app.open('/');
  await visitor.app.expectOnSignIn();
  await visitor.app.goToSignUp();
  await visitor.app.signUp(visitor.credentials);
  await visitor.app.expectHome();
});

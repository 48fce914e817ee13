import { addMember, expect, test } from '../fixtures/authors';

test('removing a member and revoking a link ask first; invite links keep their order across reloads', async ({
  newAuthor,
}) => {
  const ada = await newAuthor('Ada');
  const ben = await newAuthor('Ben');
  const { bookId } = await ada.app.createBook('Careful book');
  await addMember(ada, ben, bookId, 'author');

  // Remove asks in place; Cancel (or Escape) keeps Ben.
  await ada.members.open(bookId);
  let question = await ada.members.askToRemove('Ben');
  await expect(question).toContainText('Remove Ben from this book?');
  await question.getByRole('button', { name: 'Cancel' }).click();
  await expect(ada.members.member('Ben')).toHaveCount(1);
  question = await ada.members.askToRemove('Ben');
  await expect(question.getByRole('button', { name: 'Yes, remove' })).toBeFocused();
  await ada.page.keyboard.press('Escape');
  await expect(question).toHaveCount(0);
  await expect(ada.page.getByRole('button', { name: 'Remove Ben' })).toBeFocused();
  await ada.members.open(bookId);
  await expect(ada.members.member('Ben')).toHaveCount(1);

  // Three more links (Ben's is there), one at a time: the page lists them as a reload will.
  const before = await ada.members.inviteUrls();
  const author = await ada.members.createInvite('author');
  const reviewer = await ada.members.createInvite('reviewer');
  const reader = await ada.members.createInvite('reader');
  const shown = await ada.members.inviteUrls();
  expect([...shown].sort()).toEqual([...before, author, reviewer, reader].sort());
  await ada.members.open(bookId);
  await expect.poll(() => ada.members.inviteUrls()).toEqual(shown);

  // Revoke asks too; the link revoked is the one asked about, and the others stay in order.
  const entry = ada.members.inviteEntry(reviewer);
  await entry.getByRole('button', { name: 'Revoke' }).click();
  await expect(entry.getByRole('group')).toContainText('Revoke this reviewer link?');
  await entry.getByRole('button', { name: 'Cancel' }).click();
  await expect.poll(() => ada.members.inviteUrls()).toEqual(shown);
  await ada.members.revokeInvite(reviewer);
  const left = shown.filter((url) => url !== reviewer);
  await expect.poll(() => ada.members.inviteUrls()).toEqual(left);
  await ada.members.open(bookId);
  await expect.poll(() => ada.members.inviteUrls()).toEqual(left);

  await ada.members.remove('Ben');
  await ada.members.open(bookId);
  await expect(ada.members.member('Ben')).toHaveCount(0);
});

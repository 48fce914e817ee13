import type { Page, TestInfo } from '@playwright/test';
import { addMember, expect, test } from '../fixtures/authors';
import {
  horizontalOverflowPx,
  screenshotPage,
  seriousViolations,
  unreachableControls,
  viewports,
  type ViewportName,
} from '../support/page-audit';

/**
 * Every page, at a laptop's and a phone's size: a screenshot in the artifacts, no serious or
 * critical accessibility violation (axe-core), nothing to scroll sideways.
 */
async function audit(page: Page, testInfo: TestInfo, name: string, size: ViewportName): Promise<void> {
  await screenshotPage(page, testInfo, `${name}-${size}`);
  expect.soft(await seriousViolations(page), `${name} at ${size}: accessibility`).toEqual([]);
  expect.soft(await horizontalOverflowPx(page), `${name} at ${size}: sideways scroll`).toBeLessThanOrEqual(0);
  // Every visible control is reached with Tab (at one size: the audit presses Tab through the page).
  if (size === 'desktop')
    expect.soft(await unreachableControls(page), `${name} at ${size}: not reachable with Tab`).toEqual([]);
}

for (const size of ['desktop', 'phone', 'narrow'] as const) {
  test(`every page at ${viewports[size].width}×${viewports[size].height}: screenshot, accessibility, no sideways scroll`, async ({
    newAuthor,
  }, testInfo) => {
    test.setTimeout(120_000);
    const visitor = await newAuthor('Vic', { signUp: false });
    await visitor.page.setViewportSize(viewports[size]);
    await visitor.app.open('/sign-in');
    await visitor.app.expectOnSignIn();
    await audit(visitor.page, testInfo, 'sign-in', size);
    await visitor.app.goToSignUp();
    await audit(visitor.page, testInfo, 'sign-up', size);

    const ada = await newAuthor('Ada');
    const ben = await newAuthor('Ben');
    await ada.page.setViewportSize(viewports[size]);
    await audit(ada.page, testInfo, 'home', size);
    const { bookId, chapterId } = await ada.app.createBook('A book to look at');
    await ada.chapter.expectLive();
    await ada.chapter.focusEnd();
    await ada.chapter.type('It was a bright cold day in April. The clocks were striking thirteen.');
    await addMember(ada, ben, bookId, 'author');
    await ada.chapter.expectStage('saved');
    await audit(ada.page, testInfo, 'chapter', size);
    await ada.comments.commentOn('a bright cold day', 'Is it April?');
    await audit(ada.page, testInfo, 'chapter-comments', size);
    await ada.history.open();
    await audit(ada.page, testInfo, 'chapter-history', size);
    await ada.app.openBook(bookId);
    await audit(ada.page, testInfo, 'book', size);
    await ada.members.open(bookId);
    const link = await ada.members.createInvite('reviewer');
    await audit(ada.page, testInfo, 'members', size);
    await ada.app.open(`/books/${bookId}/credits`);
    await expect(ada.page.locator('credits-view h1')).toBeVisible();
    await audit(ada.page, testInfo, 'credits', size);
    await ada.account.open();
    await audit(ada.page, testInfo, 'account', size);
    await ada.page.keyboard.press('Control+/');
    await expect(ada.page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
    await audit(ada.page, testInfo, 'shortcuts', size);
    await ada.page.keyboard.press('Escape');
    await ada.app.open(`/books/${bookId}/chapters/nope`);
    await expect(ada.app.notFoundHeading()).toBeVisible();
    await audit(ada.page, testInfo, 'not-found', size);

    await visitor.page.goto(link);
    await expect(visitor.app.invite).toContainText('A book to look at');
    await audit(visitor.page, testInfo, 'invite', size);
    expect(chapterId).not.toBe('');
  });
}

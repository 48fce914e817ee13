import { expect, startBook, test } from '../fixtures/authors';
import { horizontalOverflowPx, screenshotPage, seriousViolations, viewports } from '../support/page-audit';

/**
 * The diff view after a restore: the restore changed only the sentence that differed, so the diff
 * from the version before it shows just that sentence; the chapter's formatting shows in the diff
 * (a heading stays a heading); "Changed passages only" hides the unchanged paragraphs. At a
 * laptop's and a phone's size, with the axe-core scan and no sideways scroll.
 */
for (const size of ['desktop', 'phone'] as const) {
  test(`a restore's diff shows just the changed sentence, formatted, at ${viewports[size].width}×${viewports[size].height}`, async ({
    newAuthor,
  }, testInfo) => {
    test.setTimeout(120_000);
    const authors = await Promise.all([newAuthor('Ada'), newAuthor('Ben')]);
    const [ada, ben] = authors as [(typeof authors)[0], (typeof authors)[0]];
    await ada.page.setViewportSize(viewports[size]);
    await startBook(authors);

    // Ada writes a heading and five paragraphs; the last one ends with a sentence Ben will rewrite.
    await ada.chapter.focusEnd();
    await ada.chapter.type('# Winter');
    for (const line of [
      'The house stood alone.',
      'Snow came early that year.',
      'Nobody went out.',
      'The dog slept by the fire.',
      'By morning all was white. The end.',
    ]) {
      await ada.chapter.press('Enter');
      await ada.chapter.type(line);
    }
    await expect.poll(() => ben.chapter.text()).toContain('The end.');
    await ada.chapter.expectStage('saved');
    await ada.history.open();
    await ada.history.nameVersion('Before');

    // Ben replaces the last sentence.
    await ben.chapter.focusEnd();
    for (let k = 0; k < 'The end.'.length; k++) await ben.chapter.press('Backspace');
    await ben.chapter.type('A new end.');
    await expect.poll(() => ada.chapter.text()).toContain('A new end.');
    await ben.chapter.expectStage('saved');
    await ada.history.nameVersion('Ben’s ending');

    // Ada restores the version before Ben's change: only that sentence changes back.
    await ada.history.openVersion('Before');
    await ada.history.restore();
    await expect.poll(() => ben.chapter.text()).toContain('By morning all was white. The end.');
    await ada.history.closeVersion();

    // From Ben's version to now: just the sentence's changed words ("A new end." → "The end."),
    // Ben's struck through as deleted by the restorer, the version's back as her insertion.
    await ada.history.openVersion('Ben’s ending');
    await expect.poll(() => ada.history.insertionsBy('Ada')).toBe('The');
    expect(await ada.history.deletionsBy('Ada', 'Ben')).toBe('A new');
    expect(await ada.history.allInsertions()).toBe('The');
    expect(await ada.history.allDeletions()).toBe('A new');
    // Who made a change is named on keyboard focus too, not only on hover.
    await ada.history.focusFirstChange();
    await expect(ada.history.focusedChangeLabel()).resolves.toBe('Written by Ben, deleted by Ada');
    // The chapter's formatting: the heading is a heading in the diff.
    await expect(ada.history.diff.getByRole('heading', { level: 1, name: 'Winter' })).toBeVisible();
    await expect(ada.history.diff.getByText('Snow came early that year.')).toBeVisible();
    await screenshotPage(ada.page, testInfo, `diff-all-${size}`);
    expect.soft(await seriousViolations(ada.page), 'diff: accessibility').toEqual([]);
    expect.soft(await horizontalOverflowPx(ada.page), 'diff: sideways scroll').toBeLessThanOrEqual(0);

    // Changed passages only: the changed paragraph, one before it, and the rest counted.
    await ada.history.changedOnlyToggle.click();
    await expect(ada.history.diff.getByText('Snow came early that year.')).toHaveCount(0);
    await expect(ada.history.diff.getByRole('heading', { name: 'Winter' })).toHaveCount(0);
    await expect(ada.history.diff.getByText('The dog slept by the fire.')).toBeVisible();
    await expect(ada.history.diffGaps).toHaveText(['… 4 unchanged paragraphs']);
    await screenshotPage(ada.page, testInfo, `diff-changed-only-${size}`);
    expect.soft(await seriousViolations(ada.page), 'changed only: accessibility').toEqual([]);

    // Closed with Escape, the keyboard is back on the version it opened.
    await ada.page.keyboard.press('Escape');
    await expect(ada.history.viewer.getByRole('dialog')).toHaveCount(0);
    await expect(ada.history.version('Ben’s ending').getByRole('button')).toBeFocused();

    // The version before the restore and now read the same: no changes at all.
    await ada.history.openVersion('Before');
    await expect(ada.history.viewer.getByText('No changes.')).toBeVisible();
    expect(await ada.history.allInsertions()).toBe('');
  });
}

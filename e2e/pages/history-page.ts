import { expect, type Locator, type Page } from '@playwright/test';

/**
 * A chapter's history: the panel beside the editor (versions, naming, contributions), the version
 * viewer (diff coloured by author, restore) and the authors' colours in the live text.
 */
export class HistoryPage {
  readonly panel: Locator;
  readonly toggle: Locator;
  readonly authorsToggle: Locator;
  readonly nameInput: Locator;
  readonly nameButton: Locator;
  readonly restoreButton: Locator;
  readonly notice: Locator;
  readonly versions: Locator;
  readonly diff: Locator;
  /** The version viewer, over the whole window. */
  readonly viewer: Locator;
  readonly changedOnlyToggle: Locator;
  /** "… n unchanged paragraphs" between the passages shown. */
  readonly diffGaps: Locator;
  /** Who each colour is, while the live text is coloured by author. */
  readonly authorsLegend: Locator;

  constructor(readonly page: Page) {
    const view = page.locator('chapter-view');
    this.panel = page.locator('history-panel');
    this.toggle = view.locator('.chapter-view__status').getByRole('button', { name: 'History', exact: true });
    this.authorsToggle = view.getByRole('button', { name: "Authors' colours", exact: true });
    this.nameInput = this.panel.getByLabel('Version name');
    this.nameButton = this.panel.getByRole('button', { name: 'Name this version' });
    this.restoreButton = this.panel.getByRole('button', { name: 'Restore this version' });
    this.notice = this.panel.getByRole('status');
    this.versions = this.panel.locator('li[data-version-id]');
    this.diff = this.panel.getByTestId('version-diff');
    this.viewer = page.locator('version-viewer');
    this.changedOnlyToggle = this.viewer.getByRole('button', { name: 'Changed passages only' });
    this.diffGaps = this.diff.getByTestId('diff-gap');
    this.authorsLegend = view.getByRole('list', { name: "Authors' colours" });
  }

  async open(): Promise<void> {
    await this.toggle.click();
    await expect(this.panel.getByRole('heading', { name: 'Versions' })).toBeVisible();
  }

  /** The legend's entries: initials shown on each colour, then the name. */
  legendEntries(): Promise<Array<{ text: string; color: string }>> {
    return this.authorsLegend.locator('li').evaluateAll((items) =>
      items.map((item) => ({
        text: (item.textContent ?? '').replace(/\s+/g, ' ').trim(),
        color: (item as HTMLElement).dataset.color ?? '',
      })),
    );
  }

  version(name: string): Locator {
    return this.versions.filter({ hasText: name });
  }

  async nameVersion(name: string): Promise<void> {
    await this.nameInput.fill(name);
    await this.nameButton.click();
    await expect(this.version(name)).toBeVisible();
  }

  /** Opens a version in the viewer, showing its changes up to now. */
  async openVersion(name: string): Promise<void> {
    await this.version(name).getByRole('button').click();
    await expect(this.diff).toBeVisible();
  }

  /** The diff's insertions by one author, as one string. */
  insertionsBy(name: string): Promise<string> {
    return this.diff
      .locator(`.diff-insert[data-author="${name}"]`)
      .allTextContents()
      .then((texts) => texts.join(''));
  }

  /** The diff's deletions by `name` of text `writer` had written, as one string. */
  deletionsBy(name: string, writer: string): Promise<string> {
    return this.diff
      .locator(`.diff-delete[data-author="${name}"][data-written-by="${writer}"]`)
      .allTextContents()
      .then((texts) => texts.join(''));
  }

  /** Closes the version viewer, back to the list of versions. */
  async closeVersion(): Promise<void> {
    await this.viewer.getByRole('button', { name: '← History' }).click();
    await expect(this.viewer.getByRole('dialog')).toHaveCount(0);
  }

  /** Every insertion in the diff, whoever made it, as one string. */
  allInsertions(): Promise<string> {
    return this.diff
      .locator('.diff-insert')
      .allTextContents()
      .then((texts) => texts.join(''));
  }

  allDeletions(): Promise<string> {
    return this.diff
      .locator('.diff-delete')
      .allTextContents()
      .then((texts) => texts.join(''));
  }

  /** Puts the keyboard focus on the diff's first change. */
  async focusFirstChange(): Promise<void> {
    await this.diff.locator('.diff-change').first().focus();
  }

  /** The label drawn beside the focused change (its ::after), or '' when none is drawn. */
  focusedChangeLabel(): Promise<string> {
    return this.page.evaluate(() => {
      const focused = document.activeElement;
      if (!(focused instanceof HTMLElement) || !focused.classList.contains('diff-change')) return '';
      const content = getComputedStyle(focused, '::after').content;
      return content === 'none' ? '' : content.replace(/^"|"$/g, '');
    });
  }

  /** Restores the version open in the viewer, confirming first. */
  async restore(): Promise<void> {
    await this.restoreButton.click();
    await this.panel.getByRole('button', { name: 'Yes, restore it' }).click();
    await expect(this.notice).toContainText('Restored');
  }

  /** The contributions chart's row for one author. */
  contributionRow(name: string): Locator {
    return this.panel.locator(`.contribution-chart__row[data-author="${name}"]`);
  }

  /** The live text coloured as written by `name`. */
  authoredSpans(name: string): Locator {
    return this.page.locator(`book-editor .authorship[data-author="${name}"]`);
  }

  /** The text `name` wrote is underlined and tinted in `color` (`#rrggbb`, their presence colour). */
  async expectAuthorColour(name: string, color: string): Promise<void> {
    const [r, g, b] = [1, 3, 5].map((start) => parseInt(color.slice(start, start + 2), 16));
    const rgb = `rgb(${r}, ${g}, ${b})`;
    await expect(this.authoredSpans(name).first()).toHaveCSS('box-shadow', `${rgb} 0px -2px 0px 0px inset`);
    await expect(this.authoredSpans(name).first()).toHaveCSS(
      'background-color',
      new RegExp(`^rgba\\(${r}, ${g}, ${b}, 0\\.2`),
    );
  }

  /** The live text coloured as written by `name`, without other authors' cursor labels. */
  authoredText(name: string): Promise<string> {
    return this.authoredSpans(name).evaluateAll((spans) =>
      spans
        .map((span) => {
          const copy = span.cloneNode(true) as HTMLElement;
          for (const widget of copy.querySelectorAll('.remote-cursor')) widget.remove();
          return (copy.textContent ?? '').replace(/\u2060/g, '');
        })
        .join(''),
    );
  }
}

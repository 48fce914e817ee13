import AxeBuilder from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';

/** The window sizes every page is checked and photographed at: a laptop, a phone, a small phone. */
export const viewports = {
  desktop: { width: 1366, height: 900 },
  phone: { width: 390, height: 844 },
  narrow: { width: 360, height: 740 },
} as const;
export type ViewportName = keyof typeof viewports;

/** Saves a full-page screenshot as an artifact of the test (test-results/…) and attaches it. */
export async function screenshotPage(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: 'image/png' });
}

/** axe-core's serious and critical violations on the page as it is, one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21aa']).analyze();
  return results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (violation) =>
        `${violation.id} (${violation.impact}): ${violation.help} — ${violation.nodes
          .slice(0, 3)
          .map((node) => node.target.join(' '))
          .join(', ')}`,
    );
}

/** How far the page is wider than the window (0: nothing to scroll sideways). */
export function horizontalOverflowPx(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/**
 * The visible controls that pressing Tab from the top of the page never focuses, one line each
 * (tag, role or type, label). Controls are found through every shadow root; a toolbar with a
 * roving tab stop counts as reached when any of its buttons is (arrow keys move within it).
 * Tab is pressed until focus comes back to a control seen before or 400 presses.
 */
export async function unreachableControls(page: Page): Promise<string[]> {
  await page.evaluate(() => {
    const walk = (root: Document | ShadowRoot): void => {
      for (const element of root.querySelectorAll<HTMLElement>('[data-kb-seen]'))
        delete element.dataset.kbSeen;
      for (const host of root.querySelectorAll('*')) if (host.shadowRoot) walk(host.shadowRoot);
    };
    walk(document); // marks of an earlier audit of this page
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
  });
  const seen: string[] = [];
  for (let i = 0; i < 400; i += 1) {
    await page.keyboard.press('Tab');
    const key = await page.evaluate(() => {
      let active: Element | null = document.activeElement;
      while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
      if (!(active instanceof HTMLElement) || active === document.body) return null;
      const label = `${active.tagName.toLowerCase()} "${(active.getAttribute('aria-label') ?? active.textContent ?? '').trim().slice(0, 30)}"`;
      if (active.dataset.kbSeen) return `again ${label}`;
      active.dataset.kbSeen = '1';
      return label;
    });
    seen.push(String(key));
    if (key?.startsWith('again')) break;
  }
  const missed = await page.evaluate(() => {
    const selector =
      'a[href], button, input:not([type="hidden"]), select, textarea, summary, [tabindex]:not([tabindex="-1"]), [contenteditable="true"]';
    const found: HTMLElement[] = [];
    const walk = (root: Document | ShadowRoot): void => {
      for (const element of root.querySelectorAll<HTMLElement>(selector)) found.push(element);
      for (const host of root.querySelectorAll('*')) if (host.shadowRoot) walk(host.shadowRoot);
    };
    walk(document);
    /** Ancestors across shadow roots, nearest first. */
    const ancestors = function* (element: Element): Generator<Element> {
      let node: Node | null = element.parentNode;
      while (node) {
        if (node instanceof Element) yield node;
        node = node instanceof ShadowRoot ? node.host : node.parentNode;
      }
    };
    // With a modal dialog open, the page behind it is inert: only the dialog's controls count.
    const modalIn = (root: Document | ShadowRoot): Element | null => {
      for (const dialog of root.querySelectorAll('dialog')) if (dialog.matches(':modal')) return dialog;
      for (const host of root.querySelectorAll('*')) {
        const inner = host.shadowRoot ? modalIn(host.shadowRoot) : null;
        if (inner) return inner;
      }
      return null;
    };
    const modal = modalIn(document);
    const isShown = (element: HTMLElement): boolean => {
      if ((element as HTMLButtonElement).disabled) return false;
      if ([element, ...ancestors(element)].some((node) => node.hasAttribute('inert'))) return false;
      if (modal && ![...ancestors(element)].includes(modal)) return false;
      // Also false inside a closed <details> and under display:none or visibility:hidden.
      return element.checkVisibility({ visibilityProperty: true, contentVisibilityAuto: true });
    };
    /**
     * One tab stop stands for a group: a toolbar with a roving tab stop, or a radio group (arrow
     * keys move within either).
     */
    const groupOf = (element: HTMLElement): unknown => {
      if (element instanceof HTMLInputElement && element.type === 'radio' && element.name !== '')
        return `${element.form ? [...document.forms].indexOf(element.form) : '-'}:${element.name}:${element.getRootNode() === document ? '' : 'shadow'}`;
      for (const node of ancestors(element)) if (node.getAttribute('role') === 'toolbar') return node;
      return null;
    };
    const reachedGroups = new Set(
      found
        .filter((element) => element.dataset.kbSeen)
        .map(groupOf)
        .filter((group) => group !== null),
    );
    return found
      .filter((element) => isShown(element) && !element.dataset.kbSeen)
      .filter((element) => {
        const group = groupOf(element);
        return group === null || !reachedGroups.has(group);
      })
      .map((element) => {
        const label =
          element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 40) ?? element.id;
        const kind = element.getAttribute('role') ?? element.getAttribute('type') ?? '';
        return `${element.tagName.toLowerCase()}${kind ? `[${kind}]` : ''} "${label}"`;
      });
  });
  // Where Tab went, to find the trap or the gap when something was missed.
  return missed.length === 0 ? [] : [...missed, `Tab order: ${seen.join(' → ')}`];
}

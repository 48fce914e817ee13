import type { JSHandle, Page } from '@playwright/test';

interface GateState {
  isHolding: boolean;
}

/**
 * Holds back a page's `selectionchange` events. ProseMirror learns of a caret move the browser made
 * itself (a click, Ctrl+End) from that event, which Chromium fires some time after moving the caret.
 * Holding it keeps open, for as long as a spec needs, the window in which the caret has moved on
 * screen but not yet in the editor's state.
 */
export class SelectionChangeGate {
  private constructor(private readonly state: JSHandle<GateState>) {}

  static async install(page: Page): Promise<SelectionChangeGate> {
    const state = await page.evaluateHandle(() => {
      const gate: GateState = { isHolding: false };
      // The event is fired at the document; capturing on the window runs before every listener there.
      const holdBack = (event: Event) => {
        if (gate.isHolding) event.stopImmediatePropagation();
      };
      window.addEventListener('selectionchange', holdBack, { capture: true });
      return gate;
    });
    return new SelectionChangeGate(state);
  }

  async hold(): Promise<void> {
    await this.state.evaluate((gate) => {
      gate.isHolding = true;
    });
  }

  /**
   * Lets the events through again and sends one now: the editor reads the selection as it is, at
   * once (its listener runs inside `dispatchEvent`).
   */
  async release(): Promise<void> {
    await this.state.evaluate((gate) => {
      gate.isHolding = false;
      document.dispatchEvent(new Event('selectionchange'));
    });
  }
}

import type { BrowserContext, ConsoleMessage } from '@playwright/test';

/**
 * Collects what a person's pages say in the console (errors and warnings) and every uncaught page
 * error, across every tab of their context, so a spec can require a clean console on its path.
 */
export class ConsoleGuard {
  private readonly seen: string[] = [];

  constructor(private readonly allowed: readonly RegExp[]) {}

  watch(context: BrowserContext, who: string): void {
    context.on('console', (message: ConsoleMessage) => {
      const type = message.type();
      if (type !== 'error' && type !== 'warning') return;
      const where = message.location().url;
      this.note(`${who}: console.${type}: ${message.text()}${where === '' ? '' : ` (${where})`}`);
    });
    context.on('weberror', (error) =>
      this.note(`${who}: uncaught ${error.error().stack ?? String(error.error())}`),
    );
  }

  /** Everything seen that no allowance covers. */
  get problems(): readonly string[] {
    return this.seen;
  }

  private note(line: string): void {
    if (!this.allowed.some((pattern) => pattern.test(line))) this.seen.push(line);
  }
}

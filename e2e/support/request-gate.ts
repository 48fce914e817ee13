import { expect, type BrowserContext, type Route } from '@playwright/test';

/**
 * Holds back a context's HTTP requests whose URL matches, until released: the page has asked, the
 * answer has not come. Routed on the context, so requests a service worker passes on are held too.
 */
export class RequestGate {
  private readonly held: Route[] = [];
  private isHolding = false;

  static async install(context: BrowserContext, url: RegExp): Promise<RequestGate> {
    const gate = new RequestGate();
    await context.route(url, async (route) => {
      if (gate.isHolding) gate.held.push(route);
      else await route.continue();
    });
    return gate;
  }

  hold(): void {
    this.isHolding = true;
  }

  /** Waits until the page has asked at least once since `hold`. */
  async expectHeld(): Promise<void> {
    await expect.poll(() => this.held.length).toBeGreaterThan(0);
  }

  /** Sends the held requests on to the server, and lets later ones through. */
  async release(): Promise<void> {
    this.isHolding = false;
    await Promise.all(this.held.splice(0).map((route) => route.continue()));
  }
}

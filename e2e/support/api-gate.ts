import type { BrowserContext } from '@playwright/test';

/**
 * Cuts one browser context off the JSON API, as a lost network would. `context.setOffline` alone
 * is not enough once a service worker controls the page: a request the worker passes on to the
 * network can still get through, so every `/api/` request is routed through the test too.
 */
export class ApiGate {
  private isBlocked = false;

  static async install(context: BrowserContext): Promise<ApiGate> {
    const gate = new ApiGate();
    await context.route(/\/api\//, (route) =>
      gate.isBlocked ? route.abort('internetdisconnected') : route.continue(),
    );
    return gate;
  }

  block(): void {
    this.isBlocked = true;
  }

  unblock(): void {
    this.isBlocked = false;
  }
}

import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { AccountController } from '../account/account-controller';
import { isPublicRoute, signInPath, type Route } from './route';
import type { RouterController } from './router-controller';

/** A page of the app: what it loads when entered, and its rendering from its controllers' state. */
export interface Page<R extends Route = Route> {
  /** Once per visit (a new route, or the account becoming signed in), before that render. */
  enter?: (route: R, isSignedIn: boolean) => void;
  render: (route: R) => unknown;
}

/** One page per kind of route. */
export type Pages = { [K in Route['kind']]: Page<Extract<Route, { kind: K }>> };

export interface RouteEntryDeps {
  router: RouterController;
  account: AccountController;
  pages: () => Pages;
  /** A signed-out visitor is on a page that needs an account: close what is open first. */
  beforeSignInRedirect: () => void;
  /** A new visit starts, before its page is entered. */
  onVisit: () => void;
}

/**
 * Enters the page on screen once per visit, the way `@lit/task` runs a task when its arguments
 * change: in `hostUpdate`, before the render that shows it, so a page's first render already sees
 * its loading state. Sends signed-out visitors of a page that needs an account to sign in.
 */
export class RouteEntry implements ReactiveController {
  private visitKey = '';

  constructor(
    host: ReactiveControllerHost,
    private readonly deps: RouteEntryDeps,
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    const { router, account } = this.deps;
    if (account.state.status === 'signed-out' && !isPublicRoute(router.route)) {
      this.deps.beforeSignInRedirect();
      router.navigate(signInPath(router.currentPath), { replace: true });
      return;
    }
    // Entered again once the account is known: a signed-out visitor's start page asks for nothing.
    const route = router.route;
    const isSignedIn = account.state.status === 'signed-in';
    const key = JSON.stringify([route, isSignedIn]);
    if (key === this.visitKey) return;
    this.visitKey = key;
    this.deps.onVisit();
    this.pageOf(route).enter?.(route, isSignedIn);
  }

  render(): unknown {
    const route = this.deps.router.route;
    return this.pageOf(route).render(route);
  }

  private pageOf(route: Route): Page {
    // The page for `route.kind` takes that kind of route: the mapped type says so, TS cannot follow.
    return this.deps.pages()[route.kind] as Page;
  }
}

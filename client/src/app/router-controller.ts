import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { parseRoute, type Route } from './route';

/**
 * URL routing with the History API. Same-origin link clicks anywhere under the host (shadow roots
 * included) navigate without a reload, so a chapter link can be shared, reloaded and bookmarked.
 */
export class RouterController implements ReactiveController {
  route: Route;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly win: Window,
  ) {
    this.route = parseRoute(win.location.pathname, win.location.search);
    host.addController(this);
  }

  hostConnected(): void {
    this.win.addEventListener('popstate', this.onPopState);
    this.host.addEventListener('click', this.onClick);
  }

  hostDisconnected(): void {
    this.win.removeEventListener('popstate', this.onPopState);
    this.host.removeEventListener('click', this.onClick);
  }

  /** The current path with its query, e.g. to come back here after signing in. */
  get currentPath(): string {
    return `${this.win.location.pathname}${this.win.location.search}`;
  }

  /** `path` may carry a query (`/sign-in?next=…`). */
  navigate(path: string, { replace = false } = {}): void {
    if (path === this.currentPath) return;
    if (replace) this.win.history.replaceState(null, '', path);
    else this.win.history.pushState(null, '', path);
    this.setRoute();
    this.win.scrollTo(0, 0);
  }

  private readonly onPopState = () => this.setRoute();

  private readonly onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = event.composedPath().find((target) => target instanceof HTMLAnchorElement);
    if (anchor === undefined || anchor.target !== '' || anchor.hasAttribute('download')) return;
    if (anchor.origin !== this.win.location.origin) return;
    // Links inside the chapter text are the author's, not navigation.
    if (anchor.closest('.ProseMirror') !== null) return;
    event.preventDefault();
    this.navigate(`${anchor.pathname}${anchor.search}`);
  };

  private setRoute(): void {
    this.route = parseRoute(this.win.location.pathname, this.win.location.search);
    this.host.requestUpdate();
  }
}

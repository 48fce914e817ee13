import { html, type ReactiveControllerHost } from 'lit';
import type { AccountController } from '../account/account-controller';
import { AccountSettingsController } from '../account/account-settings-controller';
import type { ApiClient } from '../api/api-client';
import type { SignInDetail, SignUpDetail } from '../views/auth-view';
import type { Route } from './route';
import type { Page } from './route-entry';
import type { RouterController } from './router-controller';

type AuthRoute = Extract<Route, { kind: 'sign-in' | 'sign-up' }>;

export interface AccountPagesDeps {
  api: ApiClient;
  account: AccountController;
  router: RouterController;
  /** Signed out everywhere: close the open books first. */
  beforeSignOut: () => void;
  /** Signs out here (the app bar's button does the same). */
  signOut: () => void;
}

/** Signing in or up, and back to the page that asked (`next`). */
export class SignInPage implements Page<AuthRoute> {
  constructor(private readonly deps: Pick<AccountPagesDeps, 'account' | 'router'>) {}

  render(route: AuthRoute) {
    return html`<auth-view
      mode=${route.kind}
      next=${route.next}
      .form=${this.deps.account.form}
      @sign-in-submit=${this.onSignIn}
      @sign-up-submit=${this.onSignUp}
    ></auth-view>`;
  }

  private readonly onSignIn = async (event: CustomEvent<SignInDetail>) => {
    if (await this.deps.account.signIn(event.detail)) this.afterSignIn();
  };

  private readonly onSignUp = async (event: CustomEvent<SignUpDetail>) => {
    if (await this.deps.account.signUp(event.detail)) this.afterSignIn();
  };

  private afterSignIn(): void {
    const route = this.deps.router.route;
    const next = route.kind === 'sign-in' || route.kind === 'sign-up' ? route.next : '/';
    this.deps.router.navigate(next, { replace: true });
  }
}

/** The account's settings: name, colour, password, signing out; a fresh form on each visit. */
export class AccountPage implements Page<{ kind: 'account' }> {
  private readonly settings: AccountSettingsController;

  constructor(
    host: ReactiveControllerHost,
    private readonly deps: AccountPagesDeps,
  ) {
    this.settings = new AccountSettingsController(host, {
      api: deps.api,
      onUser: (user) => deps.account.replaceUser(user),
      onSignedOut: () => {
        deps.beforeSignOut();
        deps.account.markSignedOut();
      },
    });
  }

  enter(): void {
    this.settings.reset();
  }

  render() {
    return html`<account-view
      .user=${this.deps.account.user}
      .settings=${this.settings.state}
      @profile-save=${(event: CustomEvent<{ name?: string; color?: string }>) =>
        void this.settings.saveProfile(event.detail)}
      @password-change=${(event: CustomEvent<{ currentPassword: string; newPassword: string }>) =>
        void this.settings.changePassword(event.detail)}
      @sign-out=${() => this.deps.signOut()}
      @sign-out-everywhere=${() => void this.settings.signOutEverywhere()}
    ></account-view>`;
  }
}

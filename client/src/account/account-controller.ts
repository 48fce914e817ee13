import type { SignInRequest, SignUpRequest, UserView } from '@wethink/shared/client';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ApiClient } from '../api/api-client';
import { ApiError, ApiErrorKind } from '../api/api-error';
import type { AccountCache } from './account-cache';

/**
 * Who is signed in. `isConfirmed` is false while the server is unreachable and the user comes from
 * this device's cache (offline editing keeps working); `unreachable` means no server and no cache.
 */
export type AccountState =
  | { status: 'loading' }
  | { status: 'signed-out' }
  | { status: 'unreachable' }
  | { status: 'signed-in'; user: UserView; isConfirmed: boolean };

/** A sign-in or sign-up form's progress. */
export interface AccountFormState {
  isBusy: boolean;
  error: string | null;
}

/** Loads the account from `GET /api/me`, signs in, up and out, and keeps the offline cache right. */
export class AccountController implements ReactiveController {
  state: AccountState = { status: 'loading' };
  form: AccountFormState = { isBusy: false, error: null };
  private hasLoaded = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: { api: ApiClient; cache: AccountCache },
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (this.hasLoaded) return;
    this.hasLoaded = true;
    // Offline first: the cached user opens books from this device at once; the server confirms
    // (or signs out) when it answers.
    const cached = this.deps.cache.load();
    if (cached !== null) this.state = { status: 'signed-in', user: { ...cached.user }, isConfirmed: false };
    void this.load();
  }

  get user(): UserView | null {
    return this.state.status === 'signed-in' ? this.state.user : null;
  }

  async load(): Promise<void> {
    try {
      const user = await this.deps.api.me();
      if (user === null) this.markSignedOut();
      else this.signedIn(user, true);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.kind === ApiErrorKind.unauthenticated) {
        this.markSignedOut();
        return;
      }
      // No answer, or the server failing: only a 401 says the session is gone.
      const cached = this.deps.cache.load();
      this.set(
        cached === null
          ? { status: 'unreachable' }
          : { status: 'signed-in', user: { ...cached.user }, isConfirmed: false },
      );
    }
  }

  /** Resolves true once signed in; false with `form.error` set otherwise. */
  signIn(request: SignInRequest): Promise<boolean> {
    return this.submit(() => this.deps.api.signIn(request));
  }

  signUp(request: SignUpRequest): Promise<boolean> {
    return this.submit(() => this.deps.api.signUp(request));
  }

  async signOut(): Promise<void> {
    try {
      await this.deps.api.signOut();
    } catch (error) {
      // Signed out here regardless: the cookie may outlive us offline, the cache does not.
      if (!(error instanceof ApiError)) throw error;
    }
    this.markSignedOut();
  }

  /** The account changed (name, colour): shown everywhere, kept for offline starts. */
  replaceUser(user: UserView): void {
    if (this.state.status !== 'signed-in') return;
    this.signedIn(user, this.state.isConfirmed);
  }

  /** The server said 401 somewhere: forget the cached account. */
  markSignedOut(): void {
    this.deps.cache.clear();
    this.set({ status: 'signed-out' });
  }

  clearFormError(): void {
    if (this.form.error === null) return;
    this.form = { ...this.form, error: null };
    this.host.requestUpdate();
  }

  private async submit(call: () => Promise<UserView>): Promise<boolean> {
    this.form = { isBusy: true, error: null };
    this.host.requestUpdate();
    try {
      this.signedIn(await call(), true);
      this.form = { isBusy: false, error: null };
      return true;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.form = { isBusy: false, error: error.message };
      return false;
    } finally {
      this.host.requestUpdate();
    }
  }

  private signedIn(user: UserView, isConfirmed: boolean): void {
    this.deps.cache.saveUser(user);
    this.set({ status: 'signed-in', user, isConfirmed });
  }

  private set(state: AccountState): void {
    this.state = state;
    this.host.requestUpdate();
  }
}

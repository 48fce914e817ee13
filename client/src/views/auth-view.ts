import { LitElement, html } from 'lit';
import type { AccountFormState } from '../account/account-controller';
import { signInPath } from '../app/route';

export interface SignInDetail {
  email: string;
  password: string;
}

export interface SignUpDetail extends SignInDetail {
  name: string;
}

/**
 * The sign-in and sign-up pages (one form, two modes). Reports `sign-in-submit` or
 * `sign-up-submit`; shows the server's error message as given in `form`.
 */
export class AuthView extends LitElement {
  static override properties = {
    mode: {},
    next: {},
    form: { attribute: false },
  };

  declare mode: 'sign-in' | 'sign-up';
  declare next: string;
  declare form: AccountFormState;

  constructor() {
    super();
    this.mode = 'sign-in';
    this.next = '/';
    this.form = { isBusy: false, error: null };
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render() {
    const isSignUp = this.mode === 'sign-up';
    return html`<main class="page auth-view">
      <p class="breadcrumb"><a href="/">wethink</a></p>
      <h1 class="page__title">${isSignUp ? 'Create your account' : 'Sign in'}</h1>
      <form class="auth-view__form" @submit=${this.submit} novalidate>
        ${
          isSignUp
            ? html`<label for="auth-name">Your name, as co-authors will see it</label>
                <input id="auth-name" name="name" type="text" autocomplete="name" maxlength="80" required />`
            : null
        }
        <label for="auth-email">Email</label>
        <input id="auth-email" name="email" type="email" autocomplete="email" required />
        <label for="auth-password">Password</label>
        <input
          id="auth-password"
          name="password"
          type="password"
          autocomplete=${isSignUp ? 'new-password' : 'current-password'}
          minlength=${isSignUp ? 8 : 1}
          required
        />
        ${isSignUp ? html`<p class="hint">At least 8 characters.</p>` : null}
        ${this.form.error === null ? null : html`<p class="form-error" role="alert">${this.form.error}</p>`}
        <button type="submit" class="button button--primary" ?disabled=${this.form.isBusy}>
          ${isSignUp ? 'Create account' : 'Sign in'}
        </button>
      </form>
      <p>
        ${
          isSignUp
            ? html`Already have an account? <a href=${signInPath(this.next)}>Sign in</a>`
            : html`New to wethink? <a href=${signInPath(this.next, 'sign-up')}>Create an account</a>`
        }
      </p>
    </main>`;
  }

  private submit(event: SubmitEvent): void {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const text = (key: string) => {
      const value = data.get(key);
      return typeof value === 'string' ? value : '';
    };
    const credentials: SignInDetail = { email: text('email').trim(), password: text('password') };
    if (this.mode === 'sign-up') {
      const detail: SignUpDetail = { ...credentials, name: text('name').trim() };
      this.dispatchEvent(new CustomEvent('sign-up-submit', { detail, bubbles: true }));
    } else {
      this.dispatchEvent(new CustomEvent('sign-in-submit', { detail: credentials, bubbles: true }));
    }
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'auth-view': AuthView;
  }
  interface HTMLElementEventMap {
    'sign-in-submit': CustomEvent<SignInDetail>;
    'sign-up-submit': CustomEvent<SignUpDetail>;
  }
}

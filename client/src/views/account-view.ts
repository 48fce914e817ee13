import type { UserView } from '@wethink/shared/client';
import { LitElement, html } from 'lit';
import type { AccountSettingsState, SettingsFormState } from '../account/account-settings-controller';
import { PALETTE, PALETTE_NAMES } from '@wethink/shared/client';

function renderStatus(form: SettingsFormState) {
  if (form.error !== null) return html`<p class="form-error" role="alert">${form.error}</p>`;
  return html`<p class="form-status" role="status">${form.message ?? ''}</p>`;
}

/**
 * The account page: name and colour, password, signing out here or on every device. Pure: shows
 * `user` and `settings`; reports `profile-save`, `password-change`, `sign-out`, `sign-out-everywhere`.
 */
export class AccountView extends LitElement {
  static override properties = {
    user: { attribute: false },
    settings: { attribute: false },
  };

  declare user: UserView | null;
  declare settings: AccountSettingsState | null;

  constructor() {
    super();
    this.user = null;
    this.settings = null;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render() {
    const user = this.user;
    const settings = this.settings;
    if (user === null || settings === null) return null;
    const colors: string[] = PALETTE.includes(user.color as (typeof PALETTE)[number])
      ? [...PALETTE]
      : [user.color, ...PALETTE];
    return html`<main class="page account-view">
      <p class="breadcrumb"><a href="/">wethink</a></p>
      <h1 class="page__title">Your account</h1>
      <p>Signed in as <strong>${user.email}</strong>.</p>

      <form class="account-view__form" aria-labelledby="profile-heading" @submit=${this.saveProfile}>
        <h2 id="profile-heading">Name and colour</h2>
        <label for="account-name">Your name, as co-authors see it</label>
        <input id="account-name" name="name" type="text" maxlength="80" required .value=${user.name} />
        <fieldset class="account-view__colors">
          <legend>Your colour for carets and authorship</legend>
          ${colors.map(
            (color) =>
              html`<label class="account-view__color">
                <input type="radio" name="color" value=${color} ?checked=${color === user.color} />
                <span class="person-mark" style="background:${color}" aria-hidden="true"></span>
                ${PALETTE_NAMES[color as (typeof PALETTE)[number]] ?? `Current (${color})`}
              </label>`,
          )}
        </fieldset>
        <p class="hint">In a book where a co-author's colour is too close to yours, you get another there.</p>
        <button type="submit" class="button button--primary" ?disabled=${settings.profile.isBusy}>
          Save
        </button>
        ${renderStatus(settings.profile)}
      </form>

      <form class="account-view__form" aria-labelledby="password-heading" @submit=${this.changePassword}>
        <h2 id="password-heading">Password</h2>
        <label for="account-current-password">Current password</label>
        <input
          id="account-current-password"
          name="currentPassword"
          type="password"
          autocomplete="current-password"
          required
        />
        <label for="account-new-password">New password</label>
        <input
          id="account-new-password"
          name="newPassword"
          type="password"
          autocomplete="new-password"
          minlength="8"
          required
        />
        <p class="hint">At least 8 characters. Your other devices are signed out.</p>
        <button type="submit" class="button" ?disabled=${settings.password.isBusy}>Change password</button>
        ${renderStatus(settings.password)}
      </form>

      <section class="account-view__form" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">Signing out</h2>
        <div class="account-view__row">
          <button type="button" class="button" @click=${() => this.emit('sign-out')}>Sign out</button>
          <confirm-button
            label="Sign out everywhere"
            question="Sign out on every device, this one too?"
            confirm-label="Yes, everywhere"
            ?disabled=${settings.sessions.isBusy}
            @confirm=${() => this.emit('sign-out-everywhere')}
          ></confirm-button>
        </div>
        ${renderStatus(settings.sessions)}
      </section>
    </main>`;
  }

  private readonly saveProfile = (event: SubmitEvent) => {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const name = String(data.get('name') ?? '').trim();
    const color = String(data.get('color') ?? '');
    this.emit('profile-save', { ...(name === '' ? {} : { name }), ...(color === '' ? {} : { color }) });
  };

  private readonly changePassword = (event: SubmitEvent) => {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    this.emit('password-change', {
      currentPassword: String(data.get('currentPassword') ?? ''),
      newPassword: String(data.get('newPassword') ?? ''),
    });
    form.reset();
  };

  private emit<K extends keyof AccountEvents>(
    type: K,
    ...detail: AccountEvents[K] extends void ? [] : [AccountEvents[K]]
  ): void {
    this.dispatchEvent(new CustomEvent(type, { detail: detail[0], bubbles: true }));
  }
}

interface AccountEvents {
  'profile-save': { name?: string; color?: string };
  'password-change': { currentPassword: string; newPassword: string };
  'sign-out': void;
  'sign-out-everywhere': void;
}

declare global {
  interface HTMLElementTagNameMap {
    'account-view': AccountView;
  }
  interface HTMLElementEventMap {
    'profile-save': CustomEvent<AccountEvents['profile-save']>;
    'password-change': CustomEvent<AccountEvents['password-change']>;
    'sign-out': CustomEvent<void>;
    'sign-out-everywhere': CustomEvent<void>;
  }
}

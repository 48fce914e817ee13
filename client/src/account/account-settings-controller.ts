import type { ChangePasswordRequest, UpdateMeRequest, UserView } from '@wethink/shared/client';
import type { ReactiveControllerHost } from 'lit';
import type { ApiClient } from '../api/api-client';
import { ApiError, ApiErrorKind } from '../api/api-error';

/** One form of the account page: busy while sent, then what came of it. */
export interface SettingsFormState {
  isBusy: boolean;
  /** Said after success ("Saved."). */
  message: string | null;
  error: string | null;
}

export interface AccountSettingsState {
  profile: SettingsFormState;
  password: SettingsFormState;
  sessions: SettingsFormState;
}

const idle: SettingsFormState = { isBusy: false, message: null, error: null };

/** The account page's changes: name and colour, password, signing out on every device. */
export class AccountSettingsController {
  state: AccountSettingsState = { profile: idle, password: idle, sessions: idle };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: {
      api: ApiClient;
      /** The account as the server now has it. */
      onUser: (user: UserView) => void;
      /** No session left here (signed out everywhere, or the server said 401). */
      onSignedOut: () => void;
    },
  ) {}

  /** Forgets what the forms said last (the page is entered afresh). */
  reset(): void {
    this.state = { profile: idle, password: idle, sessions: idle };
    this.host.requestUpdate();
  }

  saveProfile(fields: UpdateMeRequest): Promise<void> {
    return this.run('profile', async (api) => {
      this.deps.onUser(await api.updateMe(fields));
      return 'Saved.';
    });
  }

  changePassword(request: ChangePasswordRequest): Promise<void> {
    return this.run('password', async (api) => {
      await api.changePassword(request);
      return 'Password changed. Your other devices are signed out.';
    });
  }

  signOutEverywhere(): Promise<void> {
    return this.run('sessions', async (api) => {
      await api.signOutEverywhere();
      this.deps.onSignedOut();
      return null;
    });
  }

  private async run(
    form: keyof AccountSettingsState,
    action: (api: ApiClient) => Promise<string | null>,
  ): Promise<void> {
    this.set(form, { isBusy: true, message: null, error: null });
    try {
      const message = await action(this.deps.api);
      this.set(form, { isBusy: false, message, error: null });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (error.kind === ApiErrorKind.unauthenticated) this.deps.onSignedOut();
      this.set(form, { isBusy: false, message: null, error: messageOf(error) });
    }
  }

  private set(form: keyof AccountSettingsState, value: SettingsFormState): void {
    this.state = { ...this.state, [form]: value };
    this.host.requestUpdate();
  }
}

function messageOf(error: ApiError): string {
  if (error.kind === ApiErrorKind.forbidden) return 'Your current password is not right.';
  return error.message;
}

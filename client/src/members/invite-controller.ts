import type { BookView, InvitePreview } from '@wethink/shared/client';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ApiClient } from '../api/api-client';
import { ApiError, ApiErrorKind } from '../api/api-error';

/** An invite link's page: what it offers, and joining. */
export interface InviteState {
  status: 'loading' | 'ready' | 'invalid' | 'failed';
  code: string;
  preview: InvitePreview | null;
  isJoining: boolean;
  error: string | null;
}

/** Previews an invite (no account needed) and accepts it for the signed-in user. */
export class InviteController implements ReactiveController {
  state: InviteState = { status: 'loading', code: '', preview: null, isJoining: false, error: null };

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: { api: Pick<ApiClient, 'previewInvite' | 'acceptInvite'> },
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.state = { ...this.state, code: '' };
  }

  /** Shows this invite, loaded afresh. */
  open(code: string): void {
    this.state = { status: 'loading', code, preview: null, isJoining: false, error: null };
    void this.load();
  }

  async load(): Promise<void> {
    const { code } = this.state;
    try {
      const preview = await this.deps.api.previewInvite(code);
      if (code === this.state.code) this.update({ status: 'ready', preview });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (code !== this.state.code) return;
      const isInvalid = error.kind === ApiErrorKind.notFound;
      this.update({ status: isInvalid ? 'invalid' : 'failed', error: error.message });
    }
  }

  /** Joins the book; resolves with it, or null with `error` set. */
  async accept(): Promise<BookView | null> {
    this.update({ isJoining: true, error: null });
    try {
      const book = await this.deps.api.acceptInvite(this.state.code);
      this.update({ isJoining: false });
      return book;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const isInvalid = error.kind === ApiErrorKind.notFound;
      this.update({ isJoining: false, error: error.message, ...(isInvalid ? { status: 'invalid' } : {}) });
      return null;
    }
  }

  private update(patch: Partial<InviteState>): void {
    this.state = { ...this.state, ...patch };
    this.host.requestUpdate();
  }
}

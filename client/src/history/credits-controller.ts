import type { CreditsView } from '@wethink/shared/client';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ApiClient } from '../api/api-client';
import { errorMessage } from '../api/api-error';

export interface CreditsState {
  status: 'loading' | 'ready' | 'failed';
  bookId: string;
  credits: CreditsView | null;
  error: string | null;
}

/** Loads a book's credits (authors by surviving words, per chapter and for the book). */
export class CreditsController implements ReactiveController {
  state: CreditsState = { status: 'loading', bookId: '', credits: null, error: null };
  private loadSeq = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: { api: ApiClient },
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.loadSeq += 1;
  }

  /** Shows this book's credits, loaded afresh. */
  open(bookId: string): void {
    this.state = { status: 'loading', bookId, credits: null, error: null };
    const seq = ++this.loadSeq;
    this.host.requestUpdate();
    this.deps.api.credits(bookId).then(
      (credits) => {
        if (seq === this.loadSeq) this.update({ status: 'ready', credits });
      },
      (error: unknown) => {
        if (seq === this.loadSeq) this.update({ status: 'failed', error: errorMessage(error) });
      },
    );
  }

  private update(patch: Partial<CreditsState>): void {
    this.state = { ...this.state, ...patch };
    this.host.requestUpdate();
  }
}

import type { CreateInviteRequest, InviteView, MemberView, Role } from '@wethink/shared/client';
import { canManageMembers } from '@wethink/shared/client';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ApiClient } from '../api/api-client';
import { ApiError, ApiErrorKind } from '../api/api-error';
import { orderInvites, orderMembers } from './member-order';

/** The members page's data. `error` is the last failed action's message (e.g. the last owner). */
export interface MembersState {
  status: 'loading' | 'ready' | 'not-found' | 'failed';
  bookId: string;
  bookTitle: string;
  /** The caller's role in the book. */
  role: Role | null;
  members: readonly MemberView[];
  /** Live (unrevoked) invites; only the owner sees them. */
  invites: readonly InviteView[];
  error: string | null;
}

const empty = (bookId: string): MembersState => ({
  status: 'loading',
  bookId,
  bookTitle: '',
  role: null,
  members: [],
  invites: [],
  error: null,
});

/** Loads a book's members (and, for the owner, its invites) and carries out the owner's changes. */
export class MembersController implements ReactiveController {
  state: MembersState = empty('');
  private loadSeq = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly deps: { api: ApiClient; onSignedOut: () => void },
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.loadSeq += 1;
  }

  /** Shows this book's members, loaded afresh. */
  open(bookId: string): void {
    this.state = empty(bookId);
    void this.load();
  }

  /**
   * The server said this book's members changed (someone joined, a role changed, someone left):
   * the list shown is fetched again (a load already under way is superseded: it may predate the change).
   */
  membersChanged(bookId: string): void {
    if (bookId !== this.state.bookId) return;
    void this.load();
  }

  async load(): Promise<void> {
    const { bookId } = this.state;
    const seq = ++this.loadSeq;
    try {
      const book = await this.deps.api.getBook(bookId);
      const [members, invites] = await Promise.all([
        this.deps.api.listMembers(bookId),
        canManageMembers(book.role) ? this.deps.api.listInvites(bookId) : Promise.resolve([]),
      ]);
      if (seq !== this.loadSeq) return;
      this.update({
        status: 'ready',
        bookTitle: book.title,
        role: book.role,
        members: orderMembers(members),
        invites: orderInvites(invites.filter((invite) => invite.revokedAt === null)),
      });
    } catch (error) {
      if (seq !== this.loadSeq) return;
      const failure = this.failure(error);
      this.update({
        status: failure.kind === ApiErrorKind.notFound ? 'not-found' : 'failed',
        error: failure.message,
      });
    }
  }

  setRole(userId: string, role: Role): Promise<void> {
    return this.act(async (api, bookId) => {
      const member = await api.setRole(bookId, userId, role);
      this.update({ members: this.state.members.map((m) => (m.userId === userId ? member : m)) });
    });
  }

  /** The signed-in member's colour in this book (refused when too close to another's). */
  setColor(userId: string, color: string): Promise<void> {
    return this.act(async (api, bookId) => {
      const member = await api.setMemberColor(bookId, userId, color);
      this.update({ members: this.state.members.map((m) => (m.userId === userId ? member : m)) });
    });
  }

  remove(userId: string): Promise<void> {
    return this.act(async (api, bookId) => {
      await api.removeMember(bookId, userId);
      this.update({ members: this.state.members.filter((m) => m.userId !== userId) });
    });
  }

  /** Removes a reader and stops them joining again through a public link (the owner's). */
  block(userId: string): Promise<void> {
    return this.act(async (api, bookId) => {
      await api.blockReader(bookId, userId);
      this.update({ members: this.state.members.filter((m) => m.userId !== userId) });
    });
  }

  createInvite(request: CreateInviteRequest): Promise<void> {
    return this.act(async (api, bookId) => {
      const invite = await api.createInvite(bookId, request);
      this.update({ invites: orderInvites([...this.state.invites, invite]) });
    });
  }

  revokeInvite(inviteId: string): Promise<void> {
    return this.act(async (api, bookId) => {
      await api.revokeInvite(bookId, inviteId);
      this.update({ invites: this.state.invites.filter((invite) => invite.id !== inviteId) });
    });
  }

  private async act(action: (api: ApiClient, bookId: string) => Promise<void>): Promise<void> {
    this.update({ error: null });
    try {
      await action(this.deps.api, this.state.bookId);
    } catch (error) {
      this.update({ error: this.failure(error).message });
    }
  }

  private failure(error: unknown): ApiError {
    if (!(error instanceof ApiError)) throw error;
    if (error.kind === ApiErrorKind.unauthenticated) this.deps.onSignedOut();
    return error;
  }

  private update(patch: Partial<MembersState>): void {
    this.state = { ...this.state, ...patch };
    this.host.requestUpdate();
  }
}

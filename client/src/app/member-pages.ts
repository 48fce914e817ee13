import type { CreateInviteRequest, Role } from '@wethink/shared/client';
import { html, type ReactiveControllerHost } from 'lit';
import type { AccountCache } from '../account/account-cache';
import type { AccountController } from '../account/account-controller';
import type { ApiClient } from '../api/api-client';
import { InviteController } from '../members/invite-controller';
import { MembersController } from '../members/members-controller';
import { renderBookMissing, renderLoading } from './book-app-pages';
import { bookPath, type Route } from './route';
import type { Page } from './route-entry';
import type { RouterController } from './router-controller';

type MembersRoute = Extract<Route, { kind: 'members' }>;
type InviteRoute = Extract<Route, { kind: 'invite' }>;

/** A book's people page, loaded on each visit; its actions go to the members controller. */
export class MembersPage implements Page<MembersRoute> {
  private readonly members: MembersController;

  constructor(
    host: ReactiveControllerHost,
    private readonly deps: { api: ApiClient; account: AccountController; win: Window },
  ) {
    this.members = new MembersController(host, {
      api: deps.api,
      onSignedOut: () => deps.account.markSignedOut(),
    });
  }

  enter(route: MembersRoute): void {
    this.members.open(route.bookId);
  }

  /** The server says the book's members changed: reload them if they are on screen. */
  membersChanged(bookId: string): void {
    this.members.membersChanged(bookId);
  }

  render() {
    const members = this.members;
    const state = members.state;
    if (state.status === 'not-found') return renderBookMissing();
    return html`<members-view
      .state=${state}
      current-user-id=${this.deps.account.user?.id ?? ''}
      origin=${this.deps.win.location.origin}
      @member-role-change=${(event: CustomEvent<{ userId: string; role: Role }>) =>
        void members.setRole(event.detail.userId, event.detail.role)}
      @member-remove=${(event: CustomEvent<{ userId: string }>) => void members.remove(event.detail.userId)}
      @member-block=${(event: CustomEvent<{ userId: string }>) => void members.block(event.detail.userId)}
      @member-color-change=${(event: CustomEvent<{ userId: string; color: string }>) =>
        void members.setColor(event.detail.userId, event.detail.color)}
      @invite-create=${(event: CustomEvent<CreateInviteRequest>) => void members.createInvite(event.detail)}
      @invite-revoke=${(event: CustomEvent<{ inviteId: string }>) =>
        void members.revokeInvite(event.detail.inviteId)}
    ></members-view>`;
  }
}

export interface InvitePageDeps {
  api: ApiClient;
  cache: AccountCache;
  account: AccountController;
  router: RouterController;
}

/** An invite: join the book, or sign up (or in) first and come back to join. */
export class InvitePage implements Page<InviteRoute> {
  private readonly invite: InviteController;

  constructor(
    host: ReactiveControllerHost,
    private readonly deps: InvitePageDeps,
  ) {
    this.invite = new InviteController(host, { api: deps.api });
  }

  enter(route: InviteRoute, isSignedIn: boolean): void {
    this.invite.open(route.code);
    // Back from signing up (or in) on the invite page: they chose to join; no second click.
    if (route.shouldJoin && isSignedIn) void this.accept();
  }

  render() {
    const status = this.deps.account.state.status;
    // Join, or sign up first: wait until we know which.
    if (status === 'loading') return renderLoading('Opening the invite…');
    return html`<invite-view
      .state=${this.invite.state}
      ?signed-in=${status === 'signed-in'}
      @invite-accept=${this.accept}
    ></invite-view>`;
  }

  private readonly accept = async () => {
    const book = await this.invite.accept();
    if (book === null) return;
    this.deps.cache.saveRole(book.id, book.role);
    this.deps.router.navigate(bookPath(book.id), { replace: true });
  };
}

import {
  PALETTE,
  PALETTE_NAMES,
  Role,
  canManageMembers,
  type CreateInviteRequest,
  type InviteView,
  type MemberView,
} from '@wethink/shared/client';
import { LitElement, html } from 'lit';
import { live } from 'lit/directives/live.js';
import { bookPath, invitePath } from '../app/route';
import type { MembersState } from '../members/members-controller';

const invitableRoles: readonly CreateInviteRequest['role'][] = [Role.author, Role.reviewer, Role.reader];
const allRoles: readonly Role[] = [Role.owner, Role.author, Role.reviewer, Role.reader];

const expiryChoices: ReadonlyArray<{ days: number | null; label: string }> = [
  { days: null, label: 'until revoked' },
  { days: 1, label: '1 day' },
  { days: 7, label: '7 days' },
  { days: 30, label: '30 days' },
];
const useChoices: ReadonlyArray<{ uses: number | null; label: string }> = [
  { uses: null, label: 'anyone with it' },
  { uses: 1, label: '1 person' },
  { uses: 5, label: '5 people' },
  { uses: 25, label: '25 people' },
];

/** "expires 14 Dec · 1 of 5 used": what limits a link has, and how far along it is. */
function limitsText(invite: InviteView): string {
  const parts: string[] = [];
  if (invite.expiresAt !== null) {
    parts.push(
      `until ${new Date(invite.expiresAt).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' })}`,
    );
  }
  parts.push(
    invite.maxUses === null
      ? `used ${String(invite.useCount)}×`
      : `${String(invite.useCount)} of ${String(invite.maxUses)} used`,
  );
  return parts.join(' · ');
}

const roleHints: Record<Role, string> = {
  owner: 'writes, and manages people',
  author: 'writes',
  reviewer: 'reads along, cannot edit',
  reader: 'reads, cannot edit',
};

/**
 * Who is in a book and with which role. The owner changes roles, removes people and hands out
 * invite links; everyone else sees the list read-only. Reports each change as an event.
 */
export class MembersView extends LitElement {
  static override properties = {
    state: { attribute: false },
    currentUserId: { attribute: 'current-user-id' },
    origin: {},
    copiedInviteId: { state: true },
  };

  declare state: MembersState | null;
  declare currentUserId: string;
  declare origin: string;
  declare copiedInviteId: string | null;

  constructor() {
    super();
    this.state = null;
    this.currentUserId = '';
    this.origin = '';
    this.copiedInviteId = null;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render() {
    const state = this.state;
    if (state === null || state.status === 'loading') {
      return html`<main class="page" aria-busy="true"><p>Loading the people in this book…</p></main>`;
    }
    const isOwner = state.role !== null && canManageMembers(state.role);
    return html`<main class="page members-view">
      <p class="breadcrumb">
        <a href="/">wethink</a> › <a href=${bookPath(state.bookId)}>${state.bookTitle || 'Book'}</a>
      </p>
      <h1 class="page__title">People</h1>
      ${state.role === null ? null : html`<p>Your role: <strong>${state.role}</strong></p>`}
      ${state.error === null ? null : html`<p class="form-error" role="alert">${state.error}</p>`}
      <table class="members-view__table" aria-label="Members">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${state.members.map((member) => this.renderMember(member, isOwner))}
        </tbody>
      </table>
      ${isOwner ? this.renderInvites(state.invites) : null}
    </main>`;
  }

  private renderMember(member: MemberView, isOwner: boolean) {
    const isYou = member.userId === this.currentUserId;
    return html`<tr data-user-id=${member.userId} data-member=${member.name}>
      <td>
        <span class="swatch" style="background:${member.color}" aria-hidden="true"></span>
        ${member.name}${isYou ? ' (you)' : ''} ${isYou ? this.renderColorChoice(member) : null}
      </td>
      <td>${member.email}</td>
      <td>
        ${
          isOwner
            ? html`<select
                aria-label="Role of ${member.name}"
                .value=${live(member.role)}
                @change=${(event: Event) =>
                  this.emit('member-role-change', {
                    userId: member.userId,
                    role: (event.target as HTMLSelectElement).value as Role,
                  })}
              >
                ${allRoles.map(
                  (role) =>
                    html`<option value=${role} ?selected=${role === member.role}>
                      ${role} (${roleHints[role]})
                    </option>`,
                )}
              </select>`
            : html`<span class="role-tag" data-role=${member.role}>${member.role}</span>`
        }
      </td>
      <td>
        ${
          isOwner
            ? html`<confirm-button
                  label="Remove"
                  accessible-label="Remove ${member.name}"
                  question="Remove ${isYou ? 'yourself' : member.name} from this book?"
                  confirm-label="Yes, remove"
                  @confirm=${() => this.emit('member-remove', { userId: member.userId })}
                ></confirm-button>
                ${
                  member.role === 'reader'
                    ? html`<confirm-button
                        label="Block"
                        accessible-label="Block ${member.name}"
                        question="Remove ${member.name} and stop them joining through public links again?"
                        confirm-label="Yes, block"
                        @confirm=${() => this.emit('member-block', { userId: member.userId })}
                      ></confirm-button>`
                    : null
                }`
            : null
        }
      </td>
    </tr>`;
  }

  /** Your colour in this book: the palette's colours (the server refuses one too close to another's). */
  private renderColorChoice(member: MemberView) {
    const choices: string[] = PALETTE.includes(member.color as (typeof PALETTE)[number])
      ? [...PALETTE]
      : [member.color, ...PALETTE];
    return html`<select
      class="members-view__color"
      aria-label="Your colour in this book"
      .value=${live(member.color)}
      @change=${(event: Event) =>
        this.emit('member-color-change', {
          userId: member.userId,
          color: (event.target as HTMLSelectElement).value,
        })}
    >
      ${choices.map(
        (color) =>
          html`<option value=${color} ?selected=${color === member.color}>
            ${PALETTE_NAMES[color as (typeof PALETTE)[number]] ?? `Current (${color})`}
          </option>`,
      )}
    </select>`;
  }

  private renderInvites(invites: readonly InviteView[]) {
    return html`<section class="members-view__invites" aria-labelledby="invites-heading">
      <h2 id="invites-heading">Invite links</h2>
      <p>Anyone with a link joins this book with its role. Revoke a link to stop that.</p>
      <div class="members-view__limits">
        <label>
          Works for
          <select name="expires" aria-label="Link works for">
            ${expiryChoices.map((choice) => html`<option value=${choice.days ?? ''}>${choice.label}</option>`)}
          </select>
        </label>
        <label>
          Who may use it
          <select name="uses" aria-label="Who may use the link">
            ${useChoices.map((choice) => html`<option value=${choice.uses ?? ''}>${choice.label}</option>`)}
          </select>
        </label>
      </div>
      <div class="members-view__create">
        ${invitableRoles.map(
          (role) =>
            html`<button type="button" class="button" @click=${() => this.createInvite(role)}>
              New ${role} link
            </button>`,
        )}
      </div>
      <ul>
        ${invites.map((invite) => this.renderInvite(invite))}
      </ul>
    </section>`;
  }

  private renderInvite(invite: InviteView) {
    const url = `${this.origin}${invitePath(invite.code)}`;
    return html`<li class="members-view__invite" data-invite-id=${invite.id} data-role=${invite.role}>
      <span class="role-tag">${invite.role}</span>
      <input type="text" readonly aria-label="Invite link for ${invite.role}" value=${url} />
      <span class="members-view__invite-limits">${limitsText(invite)}</span>
      <button type="button" class="button" @click=${() => this.copy(invite.id, url)}>
        ${this.copiedInviteId === invite.id ? 'Copied' : 'Copy'}
      </button>
      <confirm-button
        label="Revoke"
        question="Revoke this ${invite.role} link? Nobody can join with it after."
        confirm-label="Yes, revoke"
        @confirm=${() => this.emit('invite-revoke', { inviteId: invite.id })}
      ></confirm-button>
    </li>`;
  }

  private createInvite(role: CreateInviteRequest['role']): void {
    const days = this.querySelector<HTMLSelectElement>('select[name="expires"]')?.value ?? '';
    const uses = this.querySelector<HTMLSelectElement>('select[name="uses"]')?.value ?? '';
    this.emit('invite-create', {
      role,
      ...(days === '' ? {} : { expiresInDays: Number(days) }),
      ...(uses === '' ? {} : { maxUses: Number(uses) }),
    });
  }

  private copy(inviteId: string, url: string): void {
    navigator.clipboard.writeText(url).then(
      () => (this.copiedInviteId = inviteId),
      // No clipboard permission: the link stays selectable in its field.
      () => this.querySelector<HTMLInputElement>(`[data-invite-id="${inviteId}"] input`)?.select(),
    );
  }

  private emit<K extends keyof MembersEvents>(type: K, detail: MembersEvents[K]): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true }));
  }
}

interface MembersEvents {
  'member-role-change': { userId: string; role: Role };
  'member-color-change': { userId: string; color: string };
  'member-remove': { userId: string };
  'member-block': { userId: string };
  'invite-create': CreateInviteRequest;
  'invite-revoke': { inviteId: string };
}

declare global {
  interface HTMLElementTagNameMap {
    'members-view': MembersView;
  }
  interface HTMLElementEventMap {
    'member-role-change': CustomEvent<MembersEvents['member-role-change']>;
    'member-color-change': CustomEvent<MembersEvents['member-color-change']>;
    'member-remove': CustomEvent<MembersEvents['member-remove']>;
    'member-block': CustomEvent<MembersEvents['member-block']>;
    'invite-create': CustomEvent<MembersEvents['invite-create']>;
    'invite-revoke': CustomEvent<MembersEvents['invite-revoke']>;
  }
}

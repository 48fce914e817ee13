import type { BookView, InviteView, MemberView } from '@wethink/shared/client';
import { describe, expect, it } from 'vitest';
import type { ApiClient } from '../src/api/api-client';
import { ApiError } from '../src/api/api-error';
import { InviteController } from '../src/members/invite-controller';
import { MembersController } from '../src/members/members-controller';

const host = { addController: () => {}, removeController: () => {}, requestUpdate: () => {} };
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const book: BookView = { id: 'b_1', title: 'B', role: 'owner', createdAt: '2026-01-01T00:00:00Z' };
const ada: MemberView = { userId: 'u_a', name: 'Ada', email: 'a@x.co', color: '#111111', role: 'owner' };
const ben: MemberView = { ...ada, userId: 'u_b', name: 'Ben', role: 'author' };
const invite = (id: string, revokedAt: string | null = null): InviteView => ({
  id,
  bookId: 'b_1',
  role: 'reviewer',
  code: `code-${id}`,
  createdAt: '2026-01-01T00:00:00Z',
  revokedAt,
  expiresAt: null,
  maxUses: null,
  useCount: 0,
});

function fakeApi(overrides: Partial<ApiClient>): ApiClient {
  const unexpected = () => Promise.reject(new Error('unexpected call'));
  return new Proxy(overrides as ApiClient, {
    get: (target, key: keyof ApiClient) => target[key] ?? unexpected,
  });
}

describe('MembersController', () => {
  it('loads members and live invites for the owner, and keeps the server reason when a change is refused', async () => {
    let signedOut = 0;
    const members = new MembersController(host as never, {
      api: fakeApi({
        getBook: async () => book,
        listMembers: async () => [ada, ben],
        listInvites: async () => [invite('i1'), invite('i2', '2026-01-02T00:00:00Z')],
        setRole: async () => {
          throw new ApiError('conflict', 409, 'conflict', 'A book needs at least one owner.');
        },
        removeMember: async () => undefined,
      }),
      onSignedOut: () => void signedOut++,
    });
    members.open('b_1');
    await settle();
    expect(members.state).toMatchObject({ status: 'ready', role: 'owner', error: null });
    expect(members.state.invites.map((entry) => entry.id)).toEqual(['i1']);

    await members.setRole('u_a', 'author');
    expect(members.state.error).toBe('A book needs at least one owner.');
    expect(members.state.members[0]?.role).toBe('owner');

    await members.remove('u_b');
    expect(members.state.error).toBeNull();
    expect(members.state.members.map((member) => member.name)).toEqual(['Ada']);
    expect(signedOut).toBe(0);
  });

  it('does not ask a non-owner for invites, and shows a non-member the book as not found', async () => {
    const reader = new MembersController(host as never, {
      api: fakeApi({ getBook: async () => ({ ...book, role: 'reader' }), listMembers: async () => [ada] }),
      onSignedOut: () => {},
    });
    reader.open('b_1');
    await settle();
    expect(reader.state).toMatchObject({ status: 'ready', role: 'reader', invites: [] });

    const stranger = new MembersController(host as never, {
      api: fakeApi({
        getBook: async () => {
          throw new ApiError('not-found', 404, 'not-found', 'No such book.');
        },
      }),
      onSignedOut: () => {},
    });
    stranger.open('b_1');
    await settle();
    expect(stranger.state.status).toBe('not-found');
  });
});

describe('InviteController', () => {
  it('calls a revoked or unknown code invalid, on preview and on accept', async () => {
    const gone = new ApiError('not-found', 404, 'not-found', 'Invite not found or revoked.');
    const controller = new InviteController(host as never, {
      api: {
        previewInvite: async (code) => {
          if (code === 'bad') throw gone;
          return { bookId: 'b_1', bookTitle: 'B', role: 'reviewer', invitedBy: 'Ada' };
        },
        acceptInvite: async () => {
          throw gone;
        },
      },
    });
    controller.open('bad');
    await settle();
    expect(controller.state.status).toBe('invalid');

    controller.open('good');
    await settle();
    expect(controller.state).toMatchObject({ status: 'ready', preview: { bookTitle: 'B' } });
    expect(await controller.accept()).toBeNull();
    expect(controller.state).toMatchObject({ status: 'invalid', isJoining: false });
  });
});

describe('MembersController and the members notice', () => {
  it("fetches the list again on its book's notice, and ignores another book's", async () => {
    let listed = [ada];
    let calls = 0;
    const members = new MembersController(host as never, {
      api: fakeApi({
        getBook: async () => book,
        listMembers: async () => {
          calls += 1;
          return listed;
        },
        listInvites: async () => [],
      }),
      onSignedOut: () => {},
    });
    members.open('b_1');
    await settle();
    listed = [ada, ben];
    members.membersChanged('b_other');
    await settle();
    expect(calls).toBe(1);
    expect(members.state.members.map((member) => member.name)).toEqual(['Ada']);
    members.membersChanged('b_1');
    await settle();
    expect(calls).toBe(2);
    expect(members.state.members.map((member) => member.name)).toEqual(['Ada', 'Ben']);
  });
});

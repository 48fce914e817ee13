import {
  Feature,
  MIN_COLOR_DISTANCE,
  MessageType,
  NoticeKind,
  PALETTE,
  Role,
  SyncStep,
  colorDistance,
  decodeAwarenessUpdate,
  encodeAwareness,
  encodeAwarenessUpdate,
  encodeHello,
} from '@wethink/shared';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RawClient } from '../clients';
import { ApiUser, bookWithMembers } from '../protocol/api-user';
import { startTestServer, type TestServer } from '../start-test-server';

let server: TestServer;

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  await server.stop();
});

type Listed = { members: Array<{ userId: string; color: string }> };

describe('member colours (HTTP)', () => {
  it('keeps everyone’s colour when someone joins, all distinct, each changeable by its member', async () => {
    const { bookId, members } = await bookWithMembers(server.url);
    const listPath = `/api/books/${bookId}/members`;
    const before = new Map(
      (await members.owner.json<Listed>('GET', listPath)).members.map((m) => [m.userId, m.color]),
    );
    // Someone new joins, with the owner's account colour as theirs.
    const owner = await members.owner.json<{ user: { color: string } }>('GET', '/api/me');
    const newcomer = await ApiUser.signUp(server.url, 'Nia');
    await newcomer.json('PATCH', '/api/me', { color: owner.user.color });
    const { invite } = await members.owner.json<{ invite: { code: string } }>(
      'POST',
      `/api/books/${bookId}/invites`,
      {
        role: Role.author,
      },
    );
    await newcomer.json('POST', `/api/invites/${invite.code}/accept`);
    const after = (await members.owner.json<Listed>('GET', listPath)).members;
    for (const [userId, color] of before) expect(after.find((m) => m.userId === userId)?.color).toBe(color);
    for (const [k, a] of after.entries()) {
      for (const b of after.slice(k + 1))
        expect(colorDistance(a.color, b.color)).toBeGreaterThanOrEqual(MIN_COLOR_DISTANCE);
    }

    // The reader chooses a colour: too close to the author's is 409, unreadable or malformed is
    // 400, someone else's is 403; a good one is kept and shown to everyone.
    const path = `/api/books/${bookId}/members/${members.reader.id}/color`;
    const authorColor = before.get(members.author.id)!;
    const close = await members.reader.request('PUT', path, { color: authorColor });
    expect(close.status).toBe(409);
    expect(((await close.json()) as { error: { message: string } }).error.message).toMatch(/too close/);
    expect((await members.reader.request('PUT', path, { color: '#ffff00' })).status).toBe(400);
    expect((await members.reader.request('PUT', path, { color: 'red' })).status).toBe(400);
    expect((await members.author.request('PUT', path, { color: '#3d2f8f' })).status).toBe(403);
    const free = ['#3d2f8f', '#7a5200', '#00707a'].find((color) =>
      after.every((m) => colorDistance(color, m.color) >= MIN_COLOR_DISTANCE),
    )!;
    const changed = await members.reader.json<{ member: { color: string } }>('PUT', path, { color: free });
    expect(changed.member.color).toBe(free);
    const seen = (await members.author.json<Listed>('GET', listPath)).members;
    expect(seen.find((m) => m.userId === members.reader.id)?.color).toBe(free);
  });
});

describe('member colours (live)', () => {
  it("a member's new colour stamps their next cursor at once and tells the book's pages", async () => {
    const { bookId, members } = await bookWithMembers(server.url);
    const join = async (user: ApiUser, features: number): Promise<RawClient> => {
      const raw = await RawClient.open(
        `${server.syncUrl}/${bookId}?token=${await user.connectionToken(bookId)}`,
      );
      if (features !== 0) raw.send(encodeHello(features));
      await raw.nextMessage((m) => m.type === MessageType.sync && m.step === SyncStep.step1);
      return raw;
    };
    const mover = await join(members.reader, 0);
    const watcher = await join(members.author, Feature.notices);
    const listed = (await members.owner.json<Listed>('GET', `/api/books/${bookId}/members`)).members;
    const free = PALETTE.find((color) =>
      listed.every((m) => colorDistance(color, m.color) >= MIN_COLOR_DISTANCE),
    )!;
    await members.reader.json('PUT', `/api/books/${bookId}/members/${members.reader.id}/color`, {
      color: free,
    });
    await watcher.nextMessage((m) => m.type === MessageType.notice && m.kind === NoticeKind.members);

    const cursorOwner = 1234;
    mover.send(
      encodeAwareness(
        encodeAwarenessUpdate([{ clientId: cursorOwner, clock: 1, state: JSON.stringify({ cursor: null }) }]),
      ),
    );
    const stamped = await watcher.nextMessage(
      (m) =>
        m.type === MessageType.awareness &&
        decodeAwarenessUpdate(m.update).some((entry) => entry.clientId === cursorOwner),
    );
    const entry = decodeAwarenessUpdate((stamped as { update: Uint8Array }).update).find(
      (e) => e.clientId === cursorOwner,
    )!;
    expect((JSON.parse(entry.state) as { user: { color: string } }).user.color).toBe(free);
    mover.close();
    watcher.close();
  });
});

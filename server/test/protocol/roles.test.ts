import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  CloseCode,
  MessageType,
  Role,
  SyncStep,
  decodeAwarenessUpdate,
  encodeAwareness,
  encodeAwarenessUpdate,
  encodeSaveRequest,
  encodeSyncStep2,
  encodeUpdate,
  type Message,
} from '@wethink/shared';
import { ConnectionTokens } from '../../src/accounts/tokens';
import { RawClient, upgradeStatus, waitFor } from '../clients';
import { startTestServer, type TestServer } from '../start-test-server';
import { ApiUser, bookWithMembers } from './api-user';

let server: TestServer;
const raws: RawClient[] = [];

beforeEach(async () => {
  server = await startTestServer();
});

afterEach(async () => {
  for (const raw of raws.splice(0)) raw.socket.terminate();
  await server.stop();
});

async function join(url: string, headers: Record<string, string> = {}): Promise<RawClient> {
  const raw = await RawClient.open(url, { headers });
  raws.push(raw);
  await raw.nextMessage((m) => m.type === MessageType.sync && m.step === SyncStep.step1);
  return raw;
}

function keystroke(text: string): Uint8Array {
  const doc = new Y.Doc();
  let update: Uint8Array | null = null;
  doc.on('update', (u: Uint8Array) => (update = u));
  doc.getText('t').insert(0, text);
  return update!;
}

const isPermissionDenied = (m: Message): boolean => m.type === MessageType.auth;

describe('what each role may do over the sync protocol', () => {
  const cases = [
    { role: Role.owner, canWrite: true },
    { role: Role.author, canWrite: true },
    { role: Role.reviewer, canWrite: false },
    { role: Role.reader, canWrite: false },
  ];

  for (const { role, canWrite } of cases) {
    it(`${role}: reads, ${canWrite ? 'writes' : 'is refused writing'} chapter and chapter list, and is stamped with its own identity`, async () => {
      const { bookId, members } = await bookWithMembers(server.url);
      const member = members[role];
      for (const name of [`${bookId}/chapter-1`, bookId]) {
        const token = await member.connectionToken(bookId);
        const raw = await join(`${server.syncUrl}/${name}?token=${token}`);
        const watcher = await join(
          `${server.syncUrl}/${name}?token=${await members.owner.connectionToken(bookId)}`,
        );
        raw.send(encodeUpdate(keystroke(`by ${role}`)));
        // A round trip after the write: once "received" is back, the write was stored and applied.
        raw.send(encodeSaveRequest(1));
        await raw.nextMessage((m) => m.type === MessageType.saveAck);
        const text = server.registry
          .peek(name as never)!
          .doc.getText('t')
          .toString();
        expect(text).toBe(canWrite ? `by ${role}` : '');
        expect(raw.messages.some(isPermissionDenied)).toBe(!canWrite);
        expect(raw.closed).toBeNull();

        // Awareness is relayed for every role, but with the account's identity, not the claimed one.
        const clientId = 4242;
        const claimed = {
          user: { id: 'u_mallory', name: 'Mallory', color: '#000000', role: 'owner' },
          step: 7,
        };
        raw.send(
          encodeAwareness(encodeAwarenessUpdate([{ clientId, clock: 1, state: JSON.stringify(claimed) }])),
        );
        const seen = await watcher.nextMessage(
          (m) =>
            m.type === MessageType.awareness &&
            decodeAwarenessUpdate(m.update).some((e) => e.clientId === clientId),
        );
        const entry = decodeAwarenessUpdate((seen as { update: Uint8Array }).update).find(
          (e) => e.clientId === clientId,
        )!;
        const state = JSON.parse(entry.state) as { user: Record<string, string>; step: number };
        // The colour is the member's in this book (kept per membership), as the members API says.
        const { members: listed } = await members.owner.json<{
          members: Array<{ userId: string; color: string }>;
        }>('GET', `/api/books/${bookId}/members`);
        const color = listed.find((entry) => entry.userId === member.id)!.color;
        expect(state.user).toEqual({ id: member.id, name: member.name, color, role });
        expect(state.step).toBe(7);
        raw.close();
        watcher.close();
      }
    });
  }

  it('refuses an upgrade with no credentials (401), for a non-member (403) and for an unknown book (404)', async () => {
    const { bookId } = await bookWithMembers(server.url);
    const stranger = await ApiUser.signUp(server.url, 'Stranger');
    const ownBook = (await stranger.json<{ book: { id: string } }>('POST', '/api/books', { title: 'Mine' }))
      .book.id;
    const strangersToken = await stranger.connectionToken(ownBook);
    expect(await upgradeStatus(`${server.syncUrl}/${bookId}/chapter-1`)).toBe(401);
    expect(await upgradeStatus(`${server.syncUrl}/${bookId}/chapter-1`, { cookie: stranger.cookie })).toBe(
      403,
    );
    // A token for one book does not open another.
    expect(await upgradeStatus(`${server.syncUrl}/${bookId}/chapter-1?token=${strangersToken}`)).toBe(403);
    expect(await upgradeStatus(`${server.syncUrl}/b_nosuchbook/chapter-1`, { cookie: stranger.cookie })).toBe(
      404,
    );
    expect(server.registry.roomCount).toBe(0);
  });

  it('refuses expired and tampered tokens with 401', async () => {
    const { bookId, members } = await bookWithMembers(server.url);
    const token = await members.author.connectionToken(bookId);
    const [header, payload, signature] = token.split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(payload!, 'base64url').toString()), role: 'owner' }),
    ).toString('base64url');
    expect(
      await upgradeStatus(`${server.syncUrl}/${bookId}?token=${header}.${forgedPayload}.${signature}`),
    ).toBe(401);
    expect(await upgradeStatus(`${server.syncUrl}/${bookId}?token=${token.slice(0, -2)}xx`)).toBe(401);
    // The server's own signing key, but an hour in the past: expired.
    const secret = await import('node:fs').then((fs) =>
      fs.readFileSync(`${server.config.dataDir}/auth-secret`, 'utf8').trim(),
    );
    const expired = new ConnectionTokens(new TextEncoder().encode(secret)).mint(
      { userId: members.author.id, bookId, role: Role.author },
      60,
      Date.now() - 3600_000,
    );
    expect(await upgradeStatus(`${server.syncUrl}/${bookId}?token=${expired.token}`)).toBe(401);
    expect(await upgradeStatus(`${server.syncUrl}/${bookId}?token=${token}`)).toBe(101);
  });

  it('accepts the session cookie from the same origin only', async () => {
    const { bookId, members } = await bookWithMembers(server.url);
    const cookie = members.author.cookie;
    const host = new URL(server.url).host;
    expect(await upgradeStatus(`${server.syncUrl}/${bookId}`, { cookie, origin: `http://${host}` })).toBe(
      101,
    );
    expect(
      await upgradeStatus(`${server.syncUrl}/${bookId}`, { cookie, origin: 'https://evil.example' }),
    ).toBe(403);
  });

  it('a token never grants more than the member’s current role', async () => {
    const { bookId, members } = await bookWithMembers(server.url);
    const token = await members.author.connectionToken(bookId);
    await members.owner.json('PUT', `/api/books/${bookId}/members/${members.author.id}`, {
      role: Role.reader,
    });
    const raw = await join(`${server.syncUrl}/${bookId}?token=${token}`);
    raw.send(encodeUpdate(keystroke('still an author?')));
    await raw.nextMessage(isPermissionDenied);
    expect(
      server.registry
        .peek(bookId as never)!
        .doc.getText('t')
        .toString(),
    ).toBe('');
  });
});

describe('what a read-only member is told', () => {
  it('nothing when its sync step 2 changes nothing (its whole delete set), once when a write is refused', async () => {
    const { bookId, members } = await bookWithMembers(server.url);
    const name = `${bookId}/chapter-1`;
    const author = await join(
      `${server.syncUrl}/${name}?token=${await members.author.connectionToken(bookId)}`,
    );
    const doc = new Y.Doc();
    const text = doc.getText('t');
    let update: Uint8Array | null = null;
    doc.on('update', (u: Uint8Array) => (update = u));
    text.insert(0, 'typed, then partly deleted');
    author.send(encodeUpdate(update!));
    text.delete(0, 7);
    author.send(encodeUpdate(update!));
    author.send(encodeSaveRequest(1));
    await author.nextMessage((m) => m.type === MessageType.saveAck);

    const reviewer = await join(
      `${server.syncUrl}/${name}?token=${await members.reviewer.connectionToken(bookId)}`,
    );
    // What a reviewer that already holds the chapter answers the server's step 1 with.
    reviewer.send(encodeSyncStep2(Y.encodeStateAsUpdate(doc, Y.encodeStateVector(doc))));
    reviewer.send(encodeSaveRequest(2));
    await reviewer.nextMessage((m) => m.type === MessageType.saveAck);
    expect(reviewer.messages.some(isPermissionDenied)).toBe(false);

    reviewer.send(encodeUpdate(keystroke('a real write')));
    await reviewer.nextMessage(isPermissionDenied);
  });
});

describe('membership changes reach open connections at once', () => {
  it('closes a downgraded author with 4205; on reconnect its writes are refused', async () => {
    const { bookId, members } = await bookWithMembers(server.url);
    const name = `${bookId}/chapter-1`;
    const author = await join(
      `${server.syncUrl}/${name}?token=${await members.author.connectionToken(bookId)}`,
    );
    const reviewer = await join(
      `${server.syncUrl}/${name}?token=${await members.reviewer.connectionToken(bookId)}`,
    );
    await members.owner.json('PUT', `/api/books/${bookId}/members/${members.author.id}`, {
      role: Role.reviewer,
    });
    expect((await author.untilClosed()).code).toBe(CloseCode.roleChanged);
    expect(reviewer.closed).toBeNull();
    const again = await join(
      `${server.syncUrl}/${name}?token=${await members.author.connectionToken(bookId)}`,
    );
    again.send(encodeUpdate(keystroke('after downgrade')));
    await again.nextMessage(isPermissionDenied);
    expect(
      server.registry
        .peek(name as never)!
        .doc.getText('t')
        .toString(),
    ).toBe('');
  });

  it('closes a removed member with 4403 and refuses their next upgrade', async () => {
    const { bookId, members } = await bookWithMembers(server.url);
    const cookie = members.reviewer.cookie;
    const reviewer = await join(`${server.syncUrl}/${bookId}`, { cookie });
    await members.owner.json('DELETE', `/api/books/${bookId}/members/${members.reviewer.id}`);
    const closed = await reviewer.untilClosed();
    expect(closed).toEqual({ code: CloseCode.forbidden, reason: 'removed from this book' });
    expect(await upgradeStatus(`${server.syncUrl}/${bookId}`, { cookie })).toBe(403);
  });

  it('lets a reviewer promoted to author write after the 4205 reconnect', async () => {
    const { bookId, members } = await bookWithMembers(server.url);
    const cookie = members.reviewer.cookie;
    const reviewer = await join(`${server.syncUrl}/${bookId}`, { cookie });
    await members.owner.json('PUT', `/api/books/${bookId}/members/${members.reviewer.id}`, {
      role: Role.author,
    });
    expect((await reviewer.untilClosed()).code).toBe(CloseCode.roleChanged);
    const author = await join(`${server.syncUrl}/${bookId}`, { cookie });
    author.send(encodeUpdate(keystroke('promoted')));
    await waitFor(
      () =>
        server.registry
          .peek(bookId as never)
          ?.doc.getText('t')
          .toString() === 'promoted',
      'the promoted write',
    );
  });
});

describe('client ids belong to users', () => {
  it('closes with 4403 a user who writes under a client id another user wrote with', async () => {
    const { bookId, members } = await bookWithMembers(server.url);
    const victimDoc = new Y.Doc();
    const updates: Uint8Array[] = [];
    victimDoc.on('update', (u: Uint8Array) => updates.push(u));
    victimDoc.getText('t').insert(0, 'mine');
    const victim = await join(
      `${server.syncUrl}/${bookId}?token=${await members.author.connectionToken(bookId)}`,
    );
    victim.send(encodeUpdate(updates[0]!));
    await waitFor(() => server.registry.peek(bookId as never)?.doc.getText('t').length === 4, 'victim text');

    const forger = await join(
      `${server.syncUrl}/${bookId}?token=${await members.owner.connectionToken(bookId)}`,
    );
    victimDoc.getText('t').insert(4, ' (forged)');
    forger.send(encodeUpdate(updates[1]!));
    expect((await forger.untilClosed()).code).toBe(CloseCode.forbidden);
    expect(
      server.registry
        .peek(bookId as never)!
        .doc.getText('t')
        .toString(),
    ).toBe('mine');
    // The same user's own next edit under that id (another tab, a reconnect) still lands.
    const sameUser = await join(
      `${server.syncUrl}/${bookId}?token=${await members.author.connectionToken(bookId)}`,
    );
    sameUser.send(encodeUpdate(updates[1]!));
    await waitFor(
      () =>
        server.registry
          .peek(bookId as never)
          ?.doc.getText('t')
          .toString() === 'mine (forged)',
      'the rightful author’s edit',
    );
  });
});

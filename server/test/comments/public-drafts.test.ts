import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { CloseCode, MessageType, encodeUpdate, type MemberView, type RoundRecord } from '@wethink/shared';
import { RawClient, untilSynced, upgradeStatus, waitFor } from '../clients';
import { paragraphText } from '../history/history-fixture';
import { startTestServer, type TestServer } from '../start-test-server';
import { ApiUser } from '../protocol/api-user';
import { anchorOf, bookWithChapter, chapterPath, newId } from './comments-fixture';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ SIGN_UP_PER_MINUTE: '1000' });
});
afterAll(async () => server.stop());
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A stock provider reading a chapter through a public link: no account, no token. */
function publicReader(name: string, code: string): WebsocketProvider {
  const provider = new WebsocketProvider(server.syncUrl, name, new Y.Doc(), {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { public: code },
  });
  cleanups.push(() => provider.destroy());
  return provider;
}

/** A book whose chapter has an open round with a public link. */
async function publicDraft(text: string) {
  const team = await bookWithChapter(server, text, cleanups);
  const opened = await team.members.owner.json<{ round: RoundRecord }>(
    'POST',
    chapterPath(team.bookId, '/rounds'),
    {
      title: 'Open draft',
    },
  );
  const { round } = await team.members.owner.json<{ round: RoundRecord }>(
    'POST',
    chapterPath(team.bookId, `/rounds/${opened.round.id}/public`),
  );
  expect(round.publicCode).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  return { ...team, round, code: round.publicCode!, chapter: `${team.bookId}/ch-1` };
}

describe('open drafts: a review round read through a public link', () => {
  it('anyone with the link reads the chapter live, read-only, without cursors either way', async () => {
    const { chapter, code, authorDoc, authorProvider } = await publicDraft('Written in the open.');
    const reader = publicReader(chapter, code);
    await untilSynced(reader);
    expect(paragraphText(reader.doc).toString()).toBe('Written in the open.');
    authorProvider.awareness.setLocalStateField('cursor', null);
    paragraphText(authorDoc).insert(0, 'Live: ');
    await waitFor(() => paragraphText(reader.doc).toString() === 'Live: Written in the open.', 'live text');
    // No cursors reach it, and its own presence reaches nobody.
    reader.awareness.setLocalStateField('user', { name: 'Mallory' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([...reader.awareness.getStates().keys()]).toEqual([reader.awareness.clientID]);
    expect(authorProvider.awareness.getStates().has(reader.awareness.clientID)).toBe(false);
    // A write is refused and changes nothing.
    const raw = await RawClient.open(`${server.syncUrl}/${chapter}?public=${code}`);
    cleanups.push(() => raw.close());
    const forged = new Y.Doc();
    Y.applyUpdate(forged, Y.encodeStateAsUpdate(authorDoc));
    paragraphText(forged).insert(0, 'Defaced. ');
    raw.send(encodeUpdate(Y.encodeStateAsUpdate(forged, Y.encodeStateVector(authorDoc))));
    await raw.nextMessage((message) => message.type === MessageType.auth);
    expect(paragraphText(authorDoc).toString()).toBe('Live: Written in the open.');
  });

  it('refuses a wrong code (404), and the link opens only its chapter: not the comments, not the book (403)', async () => {
    const { bookId, chapter, code } = await publicDraft('Text.');
    expect(await upgradeStatus(`${server.syncUrl}/${chapter}?public=${'x'.repeat(code.length)}`)).toBe(404);
    expect(await upgradeStatus(`${server.syncUrl}/${chapter}/comments?public=${code}`)).toBe(403);
    expect(await upgradeStatus(`${server.syncUrl}/${bookId}?public=${code}`)).toBe(403);
    expect(await upgradeStatus(`${server.syncUrl}/${chapter}?public=${code}`)).toBe(101);
  });

  it('withdrawing the link or closing the round closes its readers (4403) and refuses new ones', async () => {
    const first = await publicDraft('One.');
    const reader = await RawClient.open(`${server.syncUrl}/${first.chapter}?public=${first.code}`);
    cleanups.push(() => reader.close());
    await first.members.owner.json('DELETE', chapterPath(first.bookId, `/rounds/${first.round.id}/public`));
    expect((await reader.untilClosed()).code).toBe(CloseCode.forbidden);
    expect(await upgradeStatus(`${server.syncUrl}/${first.chapter}?public=${first.code}`)).toBe(404);

    const second = await publicDraft('Two.');
    const another = await RawClient.open(`${server.syncUrl}/${second.chapter}?public=${second.code}`);
    cleanups.push(() => another.close());
    await second.members.owner.json('POST', chapterPath(second.bookId, `/rounds/${second.round.id}/close`));
    expect((await another.untilClosed()).code).toBe(CloseCode.forbidden);
    expect(await upgradeStatus(`${server.syncUrl}/${second.chapter}?public=${second.code}`)).toBe(404);
    // Only the owner gives a link, and only to an open round.
    const byAuthor = await second.members.author.request(
      'POST',
      chapterPath(second.bookId, `/rounds/${second.round.id}/public`),
    );
    expect(byAuthor.status).toBe(403);
    const closed = await second.members.owner.request(
      'POST',
      chapterPath(second.bookId, `/rounds/${second.round.id}/public`),
    );
    expect(closed.status).toBe(403);
  });

  it('a signed-in reader with the link joins as a reader, suggests in the round, and sees nobody else’s e-mail', async () => {
    const { bookId, code, members, authorDoc } = await publicDraft('Join us.');
    const visitor = await ApiUser.signUp(server.url, 'Visitor');
    const join = (body: object) => visitor.request('POST', chapterPath(bookId, '/public/join'), body);
    expect((await join({ code: 'x'.repeat(code.length) })).status).toBe(404);
    expect(
      (await fetch(`${server.url}${chapterPath(bookId, '/public/join')}`, { method: 'POST' })).status,
    ).toBe(401);
    expect((await join({ code })).status).toBe(204);
    expect((await join({ code })).status).toBe(204); // again: nothing changes
    const suggested = await visitor.request('POST', chapterPath(bookId, '/suggestions'), {
      id: newId(),
      kind: 'insert',
      at: anchorOf(authorDoc, 4, 4).start,
      text: ' now',
    });
    expect(suggested.status).toBe(201);
    const { members: seen } = await visitor.json<{ members: MemberView[] }>(
      'GET',
      `/api/books/${bookId}/members`,
    );
    expect(seen.find((member) => member.userId === visitor.id)).toMatchObject({
      role: 'reader',
      email: expect.any(String),
    });
    for (const member of seen.filter((other) => other.userId !== visitor.id)) expect(member.email).toBeNull();
    const { members: asOwner } = await members.owner.json<{ members: MemberView[] }>(
      'GET',
      `/api/books/${bookId}/members`,
    );
    expect(asOwner.every((member) => typeof member.email === 'string')).toBe(true);
  });

  it('the owner blocks a reader who joined: removed, refused when joining again; only readers, only by the owner', async () => {
    const { bookId, code, members } = await publicDraft('Moderated.');
    const visitor = await ApiUser.signUp(server.url, 'Troll');
    const join = () => visitor.request('POST', chapterPath(bookId, '/public/join'), { code });
    expect((await join()).status).toBe(204);
    const block = (as: ApiUser, userId: string) =>
      as.request('PUT', `/api/books/${bookId}/blocked-readers/${userId}`);
    expect((await block(members.author, visitor.id)).status).toBe(403);
    expect((await block(members.owner, members.author.id)).status).toBe(409);
    expect((await block(visitor, members.owner.id)).status).toBe(403);

    // Their open connection to the chapter closes with the removal.
    const socket = await RawClient.open(
      `${server.syncUrl}/${bookId}/ch-1?token=${await visitor.connectionToken(bookId)}`,
    );
    cleanups.push(() => socket.socket.terminate());
    await socket.nextMessage((m) => m.type === MessageType.sync);
    expect((await block(members.owner, visitor.id)).status).toBe(204);
    expect((await socket.untilClosed()).code).toBe(CloseCode.forbidden);
    expect((await block(members.owner, visitor.id)).status).toBe(204); // again: nothing changes
    const { members: after } = await members.owner.json<{ members: MemberView[] }>(
      'GET',
      `/api/books/${bookId}/members`,
    );
    expect(after.some((member) => member.userId === visitor.id)).toBe(false);
    const again = await join();
    expect(again.status).toBe(403);
    expect(await again.text()).toMatch(/blocked/);
    // Someone who never joined can be blocked ahead of time too.
    const stranger = await ApiUser.signUp(server.url, 'Stranger');
    expect((await block(members.owner, stranger.id)).status).toBe(204);
    expect((await stranger.request('POST', chapterPath(bookId, '/public/join'), { code })).status).toBe(403);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import {
  Feature,
  MessageType,
  NoticeKind,
  SyncStep,
  encodeHello,
  encodeNotice,
  encodeQueryAwareness,
  type Message,
  type NotificationsView,
} from '@wethink/shared';
import { RawClient, connectProvider, untilSynced, waitFor } from '../clients';
import { anchorOf, bookWithChapter, postThread } from '../comments/comments-fixture';
import { paragraphText, tokensOf } from '../history/history-fixture';
import { startTestServer, type TestServer } from '../start-test-server';
import { ApiUser } from './api-user';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(): Promise<TestServer> {
  const server = await startTestServer();
  cleanups.push(() => server.stop());
  return server;
}

/** `user`'s socket on a document of `bookId`, joined, having said hello with `features`. */
async function socketOf(
  server: TestServer,
  user: ApiUser,
  docName: string,
  features: number | null,
): Promise<RawClient> {
  const bookId = docName.split('/', 1)[0]!;
  const client = await RawClient.open(
    `${server.syncUrl}/${docName}?token=${await user.connectionToken(bookId)}`,
  );
  cleanups.push(() => client.close());
  await client.nextMessage((m) => m.type === MessageType.sync && m.step === SyncStep.step1);
  if (features !== null) client.send(encodeHello(features));
  return client;
}

const isNotice = (m: Message): boolean => m.type === MessageType.notice;
const noticesOf = (client: RawClient): number[] =>
  client.messages.flatMap((m) => (m.type === MessageType.notice ? [m.kind] : []));

/**
 * Everything the server sent this socket before now has arrived: the answer to a query sent now
 * comes after it on the same ordered socket.
 */
async function drained(client: RawClient): Promise<void> {
  const answers = (): number => client.messages.filter((m) => m.type === MessageType.awareness).length;
  const before = answers();
  client.send(encodeQueryAwareness());
  await waitFor(() => answers() > before, 'the answer to a query');
}

describe('notices (type 104)', () => {
  it("a mention pushes 'notifications changed' to each socket of the mentioned member that asked, and to no one else", async () => {
    const server = await start();
    const { bookId, members, authorDoc } = await bookWithChapter(server, 'Mention someone here', cleanups);
    const features = Feature.batch | Feature.notices;
    const mentionedIndex = await socketOf(server, members.reviewer, bookId, features);
    const mentionedChapter = await socketOf(server, members.reviewer, `${bookId}/ch-1`, features);
    const mentionedStock = await socketOf(server, members.reviewer, bookId, null);
    const mentionedBatchOnly = await socketOf(server, members.reviewer, bookId, Feature.batch);
    const others = [
      await socketOf(server, members.reader, bookId, features),
      await socketOf(server, members.owner, bookId, features),
    ];

    const response = await postThread(members.author, bookId, anchorOf(authorDoc, 0, 7), '@Reviewer look');
    expect(response.status).toBe(201);

    await mentionedIndex.nextMessage(isNotice);
    await mentionedChapter.nextMessage(isNotice);
    for (const client of [mentionedIndex, mentionedChapter, mentionedStock, mentionedBatchOnly, ...others]) {
      await drained(client);
    }
    expect(noticesOf(mentionedIndex)).toEqual([NoticeKind.notifications]);
    expect(noticesOf(mentionedChapter)).toEqual([NoticeKind.notifications]);
    expect(noticesOf(mentionedStock)).toEqual([]);
    expect(noticesOf(mentionedBatchOnly)).toEqual([]);
    for (const client of others) expect(noticesOf(client)).toEqual([]);
  });

  it("marking notifications read tells the member's other tabs", async () => {
    const server = await start();
    const { bookId, members, authorDoc } = await bookWithChapter(server, 'Mention someone here', cleanups);
    await postThread(members.author, bookId, anchorOf(authorDoc, 0, 7), '@Reviewer look');
    const otherTab = await socketOf(server, members.reviewer, bookId, Feature.notices);
    const inbox = await members.reviewer.json<NotificationsView>('GET', '/api/notifications');
    await members.reviewer.json('POST', '/api/notifications/read', { ids: [inbox.notifications[0]!.id] });
    await otherTab.nextMessage(isNotice);
    expect(noticesOf(otherTab)).toEqual([NoticeKind.notifications]);
  });

  it("pushes 'members changed' to the book's members when someone joins, changes role or is removed; never to another book", async () => {
    const server = await start();
    const { bookId, members } = await bookWithChapter(server, 'Members', cleanups);
    const owner = await socketOf(server, members.owner, bookId, Feature.notices);
    const reader = await socketOf(server, members.reader, `${bookId}/ch-1`, Feature.notices);
    const outsider = await ApiUser.signUp(server.url, 'Outsider');
    const { book: otherBook } = await outsider.json<{ book: { id: string } }>('POST', '/api/books', {
      title: 'Elsewhere',
    });
    const elsewhere = await socketOf(server, outsider, otherBook.id, Feature.notices);

    const joiner = await ApiUser.signUp(server.url, 'Joiner');
    const { invite } = await members.owner.json<{ invite: { code: string } }>(
      'POST',
      `/api/books/${bookId}/invites`,
      { role: 'reviewer' },
    );
    await joiner.json('POST', `/api/invites/${invite.code}/accept`);
    await owner.nextMessage(isNotice);
    await reader.nextMessage(isNotice);
    await members.owner.json('PUT', `/api/books/${bookId}/members/${joiner.id}`, { role: 'reader' });
    await members.owner.json('DELETE', `/api/books/${bookId}/members/${joiner.id}`);
    await drained(owner);
    await drained(elsewhere);
    expect(noticesOf(owner)).toEqual([NoticeKind.members, NoticeKind.members, NoticeKind.members]);
    expect(noticesOf(elsewhere)).toEqual([]);
  });

  it("never tells a public link's reader (not a member) that the book's members changed", async () => {
    const server = await start();
    const { bookId, members, authorDoc } = await bookWithChapter(server, 'In the open', cleanups);
    const opened = await members.owner.json<{ round: { id: string } }>(
      'POST',
      `/api/books/${bookId}/chapters/ch-1/rounds`,
      { title: 'Open draft' },
    );
    const { round } = await members.owner.json<{ round: { publicCode: string } }>(
      'POST',
      `/api/books/${bookId}/chapters/ch-1/rounds/${opened.round.id}/public`,
    );
    const reader = await RawClient.open(`${server.syncUrl}/${bookId}/ch-1?public=${round.publicCode}`);
    cleanups.push(() => reader.close());
    await reader.nextMessage((m) => m.type === MessageType.sync && m.step === SyncStep.step1);
    reader.send(encodeHello(Feature.batch | Feature.notices));
    const owner = await socketOf(server, members.owner, `${bookId}/ch-1`, Feature.notices);

    await members.owner.json('PUT', `/api/books/${bookId}/members/${members.reader.id}`, {
      role: 'reviewer',
    });
    await owner.nextMessage(isNotice);
    // The public reader hears nothing of it: an edit made after the change reaches it with no notice before.
    const updatesBefore = reader.messages.length;
    paragraphText(authorDoc).insert(0, 'Later. ');
    await waitFor(() => reader.messages.length > updatesBefore, 'the edit after the change');
    expect(noticesOf(reader)).toEqual([]);
    expect(reader.closed).toBeNull();
  });

  it('closes with 4400 a client that sends a notice', async () => {
    const server = await start();
    const { bookId, members } = await bookWithChapter(server, 'Members', cleanups);
    const client = await socketOf(server, members.author, bookId, Feature.notices);
    client.send(encodeNotice(NoticeKind.members));
    expect((await client.untilClosed()).code).toBe(4400);
  });

  it('closes with 4400 a notice of an unknown kind', async () => {
    const server = await start();
    const { bookId, members } = await bookWithChapter(server, 'Members', cleanups);
    const client = await socketOf(server, members.author, bookId, Feature.notices);
    client.send(Uint8Array.of(MessageType.notice, 9));
    const closed = await client.untilClosed();
    expect(closed).toEqual({ code: 4400, reason: 'unknown notice kind 9' });
  });

  it('a stock y-websocket client of the mentioned member stays connected and in sync', async () => {
    const server = await start();
    const { bookId, members, authorDoc } = await bookWithChapter(server, 'Stock client', cleanups);
    const stock = connectProvider(tokensOf(server, members.reviewer, bookId), `${bookId}/ch-1`);
    cleanups.push(() => stock.destroy());
    await untilSynced(stock);
    let closes = 0;
    stock.on('connection-close', () => (closes += 1));
    const received: number[] = [];
    stock.ws?.addEventListener('message', (event: { data: unknown }) => {
      received.push(new Uint8Array(event.data as ArrayBuffer)[0]!);
    });
    await postThread(members.author, bookId, anchorOf(authorDoc, 0, 5), '@Reviewer stock');
    // An edit after the mention reaches the stock client: its socket carried on.
    paragraphText(authorDoc).insert(0, 'After. ');
    await waitFor(
      () => paragraphText(stock.doc).toString().startsWith('After. '),
      'the edit after the mention',
    );
    expect(closes).toBe(0);
    expect(received).not.toContain(MessageType.notice);
  });
});

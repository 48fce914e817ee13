import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  Feature,
  MessageType,
  NoticeKind,
  SyncStep,
  encodeHello,
  type DocName,
  type Message,
} from '@wethink/shared';
import { RawClient, untilSynced } from '../clients';
import { anchorOf, newId } from '../comments/comments-fixture';
import { paragraphText } from '../history/history-fixture';
import { ApiUser } from '../protocol/api-user';
import { startCluster, type ClusterInstance, type TestCluster } from '../support/cluster';
import { clientAt, clusterBook } from './cluster-fixture';

// Each test starts instances (child processes) and waits on them: slower than a unit test.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startCluster(2);
}, 60_000);
afterAll(async () => cluster?.stop());

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** `user`'s socket on the book's index document at `instance`, taking notices. */
async function noticesAt(instance: ClusterInstance, user: ApiUser, bookId: string): Promise<RawClient> {
  const token = await user.at(instance.url).connectionToken(bookId);
  const client = await RawClient.open(`${instance.syncUrl}/${bookId}?token=${token}`);
  cleanups.push(() => client.close());
  await client.nextMessage((m) => m.type === MessageType.sync && m.step === SyncStep.step1);
  client.send(encodeHello(Feature.batch | Feature.notices));
  return client;
}

const noticeOf =
  (kind: NoticeKind) =>
  (m: Message): boolean =>
    m.type === MessageType.notice && m.kind === kind;

describe('notices across instances', () => {
  it('a mention made on one instance reaches the mentioned member on another', async () => {
    const [first, second] = cluster.instances as [ClusterInstance, ClusterInstance];
    const { bookId, author, reviewer } = await clusterBook(cluster);
    const writer = clientAt(first, author, bookId, `${bookId}/ch-1` as DocName);
    cleanups.push(() => writer.destroy());
    await untilSynced(writer);
    paragraphText(writer.doc).insert(0, 'Mention someone here');
    const bell = await noticesAt(second, reviewer, bookId);
    // The comment is posted where the chapter is live, once that instance holds the text.
    await expect
      .poll(
        async () =>
          (
            await author.at(first.url).request('POST', `/api/books/${bookId}/chapters/ch-1/threads`, {
              id: newId(),
              commentId: newId(),
              anchor: anchorOf(writer.doc, 0, 7),
              body: '@Reviewer over there',
            })
          ).status,
        { timeout: 5000 },
      )
      .toBe(201);
    await bell.nextMessage(noticeOf(NoticeKind.notifications), 5000);
  });

  it('an invite accepted on one instance tells the owner on another that the members changed', async () => {
    const [first, second] = cluster.instances as [ClusterInstance, ClusterInstance];
    const { bookId, owner } = await clusterBook(cluster);
    const page = await noticesAt(second, owner, bookId);
    const joiner = await ApiUser.signUp(first.url, 'Joiner');
    const { invite } = await owner
      .at(first.url)
      .json<{ invite: { code: string } }>('POST', `/api/books/${bookId}/invites`, { role: 'author' });
    await joiner.json('POST', `/api/invites/${invite.code}/accept`);
    await page.nextMessage(noticeOf(NoticeKind.members), 5000);
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { CloseCode, Role, encodeUpdate, type DocName } from '@wethink/shared';
import { RawClient, untilSynced } from '../clients';
import { startCluster, type ClusterInstance, type TestCluster } from '../support/cluster';
import { startBalancer } from '../support/haproxy';
import { paragraphText } from '../history/history-fixture';
import { clientAt, clusterBook, storedDoc } from './cluster-fixture';
import { divergence, haveConverged, startStorm } from './storm';

// Each test starts instances (child processes) and waits on them: slower than a unit test.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function cluster(size = 3, env: Record<string, string> = {}): Promise<TestCluster> {
  const started = await startCluster(size, env);
  cleanups.push(() => started.stop());
  return started;
}

function spread(
  instances: readonly ClusterInstance[],
  count: number,
  make: (instance: ClusterInstance, index: number) => WebsocketProvider,
): WebsocketProvider[] {
  const clients = Array.from({ length: count }, (_, index) =>
    make(instances[index % instances.length]!, index),
  );
  cleanups.push(() => {
    for (const client of clients) client.destroy();
  });
  return clients;
}

/** Polls until the clients converge and PostgreSQL holds the same document. */
async function expectConvergedAndStored(
  running: TestCluster,
  name: DocName,
  clients: readonly WebsocketProvider[],
  timeout: number,
): Promise<void> {
  await expect
    .poll(() => (haveConverged(clients) ? 'converged' : divergence(clients)), { timeout, interval: 100 })
    .toBe('converged');
  await expect
    .poll(
      async () => Y.equalSnapshots(Y.snapshot(await storedDoc(running, name)), Y.snapshot(clients[0]!.doc)),
      {
        timeout: 10_000,
        interval: 250,
      },
    )
    .toBe(true);
}

describe('a cluster behind HAProxy', () => {
  it('survives kill -9 of an instance mid-storm: its clients reconnect within 5 s, nothing is lost', async () => {
    const running = await cluster(3);
    const balancer = await startBalancer(running.instances);
    cleanups.push(() => balancer.stop());
    const front = {
      id: 'lb',
      port: balancer.port,
      url: balancer.url,
      syncUrl: `ws://127.0.0.1:${balancer.port}/sync`,
    } as ClusterInstance;
    const { bookId, owner, author } = await clusterBook(running);
    const name = `${bookId}/kill` as DocName;
    const clients = spread([front], 12, (instance, index) =>
      clientAt(instance, index % 2 ? author : owner, bookId, name),
    );
    await Promise.all(clients.map((client) => untilSynced(client, 10_000)));
    const storm = startStorm(clients, 9);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const victim = running.instances[1]!;
    const killedAt = Date.now();
    await victim.kill();
    // Some clients lose their socket; all are connected (elsewhere) again within 5 s.
    await expect
      .poll(() => clients.filter((client) => !client.wsconnected || !client.synced).length, {
        timeout: 5000,
        interval: 50,
      })
      .toBe(0);
    const reconnectedMs = Date.now() - killedAt;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    storm.stop();
    await expectConvergedAndStored(running, name, clients, 10_000);
    expect(reconnectedMs).toBeLessThan(5000);
  }, 60_000);
});

describe('Redis is only a carrier', () => {
  it('keeps committing through a Redis kill -9 and a 30 s outage; clients converge through PostgreSQL meanwhile and within 6 s of its return', async () => {
    const running = await cluster(3);
    const { bookId, owner, author } = await clusterBook(running);
    const name = `${bookId}/redis` as DocName;
    const clients = spread(running.instances, 6, (instance, index) =>
      clientAt(instance, index % 2 ? author : owner, bookId, name),
    );
    await Promise.all(clients.map((client) => untilSynced(client, 10_000)));

    let storm = startStorm(clients, 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await running.redis.kill();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    storm.stop();
    // During the outage: the head checks read new rows from PostgreSQL.
    await expectConvergedAndStored(running, name, clients, 6000);

    storm = startStorm(clients, 2);
    await new Promise((resolve) => setTimeout(resolve, 500));
    await running.redis.start(); // back, empty: every stream id the instances held is gone
    await new Promise((resolve) => setTimeout(resolve, 1000));
    storm.stop();
    await expectConvergedAndStored(running, name, clients, 6000);

    // Stopped for 30 s while people type, then back.
    await running.redis.kill();
    storm = startStorm(clients, 3, 200);
    await new Promise((resolve) => setTimeout(resolve, 30_000));
    storm.stop();
    await running.redis.start();
    const back = Date.now();
    await expectConvergedAndStored(running, name, clients, 6000);
    expect(Date.now() - back).toBeLessThan(6000 + 10_000);
    // And Redis carries again: a new edit crosses instances.
    clients[0]!.doc.getText('t').insert(0, 'after the outage ');
    await expect
      .poll(() => clients[1]!.doc.getText('t').toString().startsWith('after the outage '), { timeout: 3000 })
      .toBe(true);
  }, 90_000);
});

describe('membership changes cross instances', () => {
  it('closes a demoted author on instance 3 with 4205 within 1 s of the owner demoting them on instance 1', async () => {
    const running = await cluster(3);
    const { bookId, owner, author } = await clusterBook(running);
    const name = `${bookId}/roles`;
    const third = running.instances[2]!;
    const socket = await RawClient.open(
      `${third.syncUrl}/${name}?token=${await author.at(third.url).connectionToken(bookId)}`,
    );
    cleanups.push(() => socket.close());
    const startedAt = Date.now();
    await owner
      .at(running.instances[0]!.url)
      .json('PUT', `/api/books/${bookId}/members/${author.id}`, { role: Role.reviewer });
    expect((await socket.untilClosed(1000)).code).toBe(CloseCode.roleChanged);
    expect(Date.now() - startedAt).toBeLessThan(1000);
    const again = await RawClient.open(
      `${third.syncUrl}/${name}?token=${await author.at(third.url).connectionToken(bookId)}`,
    );
    cleanups.push(() => again.close());
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'after demotion');
    again.send(encodeUpdate(Y.encodeStateAsUpdate(doc)));
    await again.nextMessage((message) => message.type === 2 /* auth: permission denied */);
  });
});

describe('membership changes while Redis is down', () => {
  it('still closes a demoted author on another instance, from the database, within a few seconds', async () => {
    const running = await cluster(2);
    const { bookId, owner, author } = await clusterBook(running);
    const second = running.instances[1]!;
    const socket = await RawClient.open(
      `${second.syncUrl}/${bookId}/roles?token=${await author.at(second.url).connectionToken(bookId)}`,
    );
    cleanups.push(() => socket.close());
    await running.redis.kill();
    await owner.at(running.instances[0]!.url).json('PUT', `/api/books/${bookId}/members/${author.id}`, {
      role: Role.reader,
    });
    expect((await socket.untilClosed(5000)).code).toBe(CloseCode.roleChanged);
  });
});

describe('draining', () => {
  it('an instance told to stop (SIGTERM) closes its clients with 1001 and exits cleanly', async () => {
    const running = await cluster(2);
    const { bookId, owner } = await clusterBook(running);
    const second = running.instances[1]!;
    const socket = await RawClient.open(
      `${second.syncUrl}/${bookId}/drain?token=${await owner.at(second.url).connectionToken(bookId)}`,
    );
    cleanups.push(() => socket.close());
    const stopped = second.stop();
    expect((await socket.untilClosed(5000)).code).toBe(1001);
    await stopped;
    expect(second.child.exitCode).toBe(0);
  });
});

describe('comments cross instances', () => {
  it('a review round the owner opens on instance 1 reaches a reader on instance 2 live', async () => {
    const running = await cluster(2);
    const { bookId, owner } = await clusterBook(running);
    const [first, second] = running.instances as [ClusterInstance, ClusterInstance];
    const chapter = `${bookId}/ch-1` as DocName;
    const writer = clientAt(first, owner, bookId, chapter);
    const comments = clientAt(second, owner, bookId, `${chapter}/comments` as DocName);
    cleanups.push(
      () => writer.destroy(),
      () => comments.destroy(),
    );
    await Promise.all([untilSynced(writer), untilSynced(comments)]);
    paragraphText(writer.doc).insert(0, 'A chapter.');
    const opened = await owner
      .at(first.url)
      .json<{ round: { id: string } }>('POST', `/api/books/${bookId}/chapters/ch-1/rounds`, {
        title: 'Draft 1',
      });
    await expect.poll(() => comments.doc.getMap('rounds').has(opened.round.id), { timeout: 3000 }).toBe(true);
  });
});

describe('awareness crosses instances', () => {
  it('shows a cursor from another instance, and removes it within a few seconds when that instance dies', async () => {
    const running = await cluster(2);
    const { bookId, owner, author } = await clusterBook(running);
    const name = `${bookId}/cursors` as DocName;
    const [first, second] = running.instances as [ClusterInstance, ClusterInstance];
    const watcher = clientAt(first, owner, bookId, name);
    const mover = clientAt(second, author, bookId, name);
    cleanups.push(
      () => watcher.destroy(),
      () => mover.destroy(),
    );
    await Promise.all([untilSynced(watcher), untilSynced(mover)]);
    mover.awareness.setLocalStateField('typing', true);
    const seesMover = () => {
      const state = watcher.awareness.getStates().get(mover.awareness.clientID) as
        { user?: { id?: string } } | undefined;
      return state?.user?.id ?? null;
    };
    await expect.poll(seesMover, { timeout: 3000 }).toBe(author.id);
    // Dead without a word: no removal is published, the client retries a port nobody listens on.
    await second.kill();
    const killedAt = Date.now();
    await expect.poll(seesMover, { timeout: 8000, interval: 100 }).toBeNull();
    expect(Date.now() - killedAt).toBeLessThan(8000);
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import type { DocName } from '@wethink/shared';
import { untilSynced } from '../clients';
import { startCluster, type TestCluster } from '../support/cluster';
import { clientAt, clusterBook, randomEdit, seeded, storedDoc } from './cluster-fixture';

// Each test starts instances (child processes) and waits on them: slower than a unit test.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

// Three instances on one PostgreSQL and a private Redis; stock clients spread over them. The head
// check (the safety net for what Redis loses) is slowed to a minute: here Redis carries everything.
let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startCluster(3, { HEAD_CHECK_MS: '60000' });
}, 60_000);
afterAll(async () => cluster?.stop());

describe('three instances', () => {
  it('12 stock clients spread over them converge, and PostgreSQL holds the same document', async () => {
    const { bookId, owner, author } = await clusterBook(cluster);
    const name = `${bookId}/storm` as DocName;
    const clients: WebsocketProvider[] = [];
    for (let index = 0; index < 12; index += 1) {
      const instance = cluster.instances[index % 3]!;
      clients.push(clientAt(instance, index % 2 === 0 ? owner : author, bookId, name));
    }
    try {
      await Promise.all(clients.map((client) => untilSynced(client, 10_000)));
      const random = seeded(18);
      for (let round = 0; round < 30; round += 1) {
        for (const [index, client] of clients.entries()) {
          if (random() < 0.6) randomEdit(client.doc.getText('t'), random, `c${index}r${round}`);
        }
        await new Promise((resolve) => setTimeout(resolve, random() * 20));
      }
      const texts = () => clients.map((client) => client.doc.getText('t').toString());
      await expect.poll(() => new Set(texts()).size, { timeout: 15_000, interval: 100 }).toBe(1);
      const reference = clients[0]!.doc;
      expect(reference.getText('t').length).toBeGreaterThan(100);
      for (const client of clients) {
        expect(Y.equalSnapshots(Y.snapshot(client.doc), Y.snapshot(reference))).toBe(true);
      }
      await expect
        .poll(async () => (await storedDoc(cluster, name)).getText('t').toString(), { timeout: 10_000 })
        .toBe(reference.getText('t').toString());
      expect(Y.equalSnapshots(Y.snapshot(await storedDoc(cluster, name)), Y.snapshot(reference))).toBe(true);
    } finally {
      for (const client of clients) client.destroy();
    }
  });

  it('counts sign-in attempts across instances: the limit is the site’s, not each process’s', async () => {
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 12; attempt += 1) {
      const instance = cluster.instances[attempt % 3]!;
      const response = await fetch(`${instance.url}/api/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'nobody@test.invalid', password: 'wrong password' }),
      });
      statuses.push(response.status);
    }
    // SIGN_IN_PER_MINUTE is 10: four per instance would pass a per-process limit.
    expect(statuses.slice(0, 10).every((status) => status !== 429)).toBe(true);
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { DocName } from '@wethink/shared';
import { untilSynced } from '../clients';
import { startCluster, type TestCluster } from '../support/cluster';
import { clientAt, clusterBook, storedDoc } from './cluster-fixture';

// Each test starts instances (child processes) and waits on them: slower than a unit test.
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

// Rooms unload 300 ms after their last peer leaves (compacting first), and the last writer leaving
// takes an automatic version: with one writer on each of two instances leaving at once, both
// instances try both at the same moment.
let cluster: TestCluster;
beforeAll(async () => {
  cluster = await startCluster(2, { ROOM_IDLE_MS: '300' });
}, 60_000);
afterAll(async () => cluster?.stop());

async function compactionsStored(): Promise<number> {
  let total = 0;
  for (const instance of cluster.instances) {
    const text = await (await fetch(`${instance.url}/metrics`)).text();
    const line = text
      .split('\n')
      .find((row) => row.startsWith('wethink_storage_seconds_count{op="compact"}'));
    total += line ? Number(line.split(' ')[1]) : 0;
  }
  return total;
}

describe('work done once per chapter, not once per instance', () => {
  it('two instances leaving a chapter at once store one compaction and one version', async () => {
    const { bookId, owner, author } = await clusterBook(cluster);
    const name = `${bookId}/once` as DocName;
    const [first, second] = cluster.instances as [
      (typeof cluster.instances)[0],
      (typeof cluster.instances)[0],
    ];
    const one = clientAt(first, owner, bookId, name);
    const two = clientAt(second, author, bookId, name);
    await Promise.all([untilSynced(one), untilSynced(two)]);
    for (let n = 0; n < 20; n += 1) {
      one.doc.getText('t').insert(0, `one${n} `);
      two.doc.getText('t').insert(0, `two${n} `);
    }
    const converged = () => Y.equalSnapshots(Y.snapshot(one.doc), Y.snapshot(two.doc));
    await expect.poll(converged, { timeout: 5000 }).toBe(true);
    // Both instances hold every row before the writers leave.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const before = await compactionsStored();
    one.destroy();
    two.destroy();
    await expect.poll(compactionsStored, { timeout: 5000 }).toBe(before + 1);
    const chapter = name.split('/')[1]!;
    await expect
      .poll(
        async () => {
          const { versions } = await owner.json<{ versions: { kind: string }[] }>(
            'GET',
            `/api/books/${bookId}/chapters/${chapter}/versions`,
          );
          return versions.filter((version) => version.kind === 'auto').length;
        },
        { timeout: 5000 },
      )
      .toBe(1);
    // A moment later, still one of each.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await compactionsStored()).toBe(before + 1);
    const stored = await storedDoc(cluster, name);
    expect(Y.equalSnapshots(Y.snapshot(stored), Y.snapshot(one.doc))).toBe(true);
  });
});

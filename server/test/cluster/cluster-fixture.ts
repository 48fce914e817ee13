import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import type { DocName } from '@wethink/shared';
import { loadConfig } from '../../src/config';
import { connectProvider, type TokenSource } from '../clients';
import { bookWithMembers, type ApiUser } from '../protocol/api-user';
import { reopenDocuments } from '../start-test-server';
import type { ClusterInstance, TestCluster } from '../support/cluster';

/** A book on the cluster with an owner and an author (both write) and a reviewer. */
export async function clusterBook(cluster: TestCluster) {
  const { bookId, members } = await bookWithMembers(cluster.instances[0]!.url);
  return { bookId, owner: members.owner, author: members.author, reviewer: members.reviewer };
}

/** A stock y-websocket client of `user` connected to `instance` (its tokens minted there). */
export function clientAt(
  instance: ClusterInstance,
  user: ApiUser,
  bookId: string,
  name: DocName,
  doc = new Y.Doc(),
): WebsocketProvider {
  const source: TokenSource = {
    syncUrl: instance.syncUrl,
    tokenFor: () => user.at(instance.url).connectionToken(bookId),
  };
  return connectProvider(source, name, doc);
}

/** The chapter as PostgreSQL holds it, loaded fresh (what a new instance would serve). */
export async function storedDoc(cluster: TestCluster, name: DocName): Promise<Y.Doc> {
  const { store, close } = await reopenDocuments(
    loadConfig({ STORAGE: 'postgres', DATABASE_URL: cluster.database.url }),
  );
  try {
    const stored = await store.load(name);
    const doc = new Y.Doc();
    if (stored.state) Y.applyUpdate(doc, stored.state);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
    return doc;
  } finally {
    await close();
  }
}

/** A seeded generator (mulberry32): the same seed, the same storm. */
export function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One random edit of a text: mostly inserts, some deletes. */
export function randomEdit(text: Y.Text, random: () => number, tag: string): void {
  const length = text.length;
  if (length > 20 && random() < 0.3) {
    const at = Math.floor(random() * (length - 5));
    text.delete(at, 1 + Math.floor(random() * 4));
    return;
  }
  text.insert(Math.floor(random() * (length + 1)), `${tag}${Math.floor(random() * 100)} `);
}

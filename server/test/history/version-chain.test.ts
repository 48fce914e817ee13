import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { chapterFragment, type DocName } from '@wethink/shared';
import { HistoryRecorder } from '../../src/history/history-recorder';
import { MAX_CHAIN_DEPTH, loadVersionUpdate } from '../../src/history/version-chain';
import { diffVersions } from '../../src/history/version-diff';
import { silentLogger } from '../../src/logger';
import { MemoryDocumentStore } from '../../src/storage/memory-store';
import { paragraphText } from './history-fixture';

const name = 'book/ch-1' as DocName;

function setup() {
  const store = new MemoryDocumentStore();
  const recorder = new HistoryRecorder({
    store,
    logger: silentLogger,
    config: { versionQuietMs: 1e9, versionMaxWaitMs: 1e9, contributionFlushMs: 1e9 },
  });
  const room = new Y.Doc();
  const tracker = recorder.attach(name, room)!;
  const author = new Y.Doc();
  author.on('update', (update: Uint8Array) =>
    Y.applyUpdate(room, update, { kind: 'peer', principal: 'user:ann', peerId: 1 }),
  );
  return { store, recorder, room, tracker, text: paragraphText(author) };
}

const textOf = (update: Uint8Array): string => {
  const doc = new Y.Doc();
  Y.applyUpdateV2(doc, update);
  return paragraphText(doc).toString();
};

describe('version chains', () => {
  it('reads every version back exactly, across several full states, and stores deltas between them', async () => {
    const { store, tracker, text } = setup();
    const expected = new Map<number, string>();
    for (let i = 0; i < MAX_CHAIN_DEPTH * 2 + 5; i++) {
      text.insert(Math.floor(text.length / 2), `word${i} `);
      if (i % 3 === 0) text.delete(0, 2);
      const meta = (await tracker.version({ kind: 'named', name: `v${i}`, createdBy: 'ann' }))!;
      expected.set(meta.id, text.toString());
    }
    const metas = await store.listVersions(name);
    expect(metas.filter((meta) => meta.baseId === null)).toHaveLength(3);
    expect(Math.max(...metas.map((meta) => meta.depth))).toBe(MAX_CHAIN_DEPTH);
    for (const [id, content] of expected) {
      expect(textOf((await loadVersionUpdate(store, name, id))!.update), `version ${id}`).toBe(content);
    }
    const [first, last] = [metas[0]!, metas.at(-1)!];
    const runs = diffVersions({
      from: (await loadVersionUpdate(store, name, first.id))!.update,
      to: (await loadVersionUpdate(store, name, last.id))!.update,
      authorOf: () => 'ann',
      deleterOf: () => 'ann',
    });
    expect(
      runs
        .filter((r) => r.kind !== 'delete')
        .map((r) => r.text)
        .join(''),
    ).toBe(expected.get(last.id));
    expect(
      runs
        .filter((r) => r.kind !== 'insert')
        .map((r) => r.text)
        .join(''),
    ).toBe(expected.get(first.id));
  });

  it('skips an automatic version when nothing changed since the newest one', async () => {
    const { store, tracker, text, room } = setup();
    text.insert(0, 'once');
    expect(await tracker.version({ kind: 'auto', name: null, createdBy: null })).not.toBeNull();
    expect(await tracker.version({ kind: 'auto', name: null, createdBy: null })).toBeNull();
    text.delete(0, 1);
    expect(await tracker.version({ kind: 'auto', name: null, createdBy: null })).not.toBeNull();
    expect(await store.listVersions(name)).toHaveLength(2);
    expect(chapterFragment(room).length).toBe(1);
  });
});

// fake-indexeddb is a complete IndexedDB in JavaScript (it passes the web-platform tests), the way
// the field tests IndexedDB code in Node; the e2e specs (offline, server-down) run this store in
// Chromium's own.
import 'fake-indexeddb/auto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IndexeddbPersistence } from 'y-indexeddb';
import * as Y from 'yjs';
import { DeviceStore } from '../src/collab/device-store';

let names = 0;
const freshName = () => `wethink:test-${++names}`;
/** Lets the store's next-task write and IndexedDB's callbacks run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
const textOf = (doc: Y.Doc) => doc.getText('t').toString();

/** `writeEveryMs` 0: a write after every task, as many as the tests can make. */
async function open(name: string, writeEveryMs?: number): Promise<{ doc: Y.Doc; store: DeviceStore }> {
  const doc = new Y.Doc();
  const store = new DeviceStore(name, doc, writeEveryMs);
  await store.whenSynced;
  return { doc, store };
}

function storedCount(name: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(name);
    request.onsuccess = () => {
      const db = request.result;
      const count = db.transaction('updates').objectStore('updates').count();
      count.onsuccess = () => {
        db.close();
        resolve(count.result);
      };
    };
    request.onerror = () => reject(request.error);
  });
}

describe('the device store', () => {
  it('gives a reopened document what was typed, written once per task however many updates the task made', async () => {
    const name = freshName();
    const first = await open(name);
    const before = await storedCount(name);
    for (const char of 'typed in one task') first.doc.getText('t').insert(textOf(first.doc).length, char);
    await settle();
    expect(await storedCount(name)).toBe(before + 1);
    await first.store.destroy();
    const again = await open(name);
    expect(textOf(again.doc)).toBe('typed in one task');
    await again.store.destroy();
  });

  it('writes no more often than its interval: what many tasks typed meanwhile is one write', async () => {
    const name = freshName();
    const { doc, store } = await open(name, 150);
    const before = await storedCount(name);
    doc.getText('t').insert(0, 'first ');
    await settle();
    expect(await storedCount(name)).toBe(before + 1);
    for (const char of 'then many tasks') {
      doc.getText('t').insert(textOf(doc).length, char);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    expect(await storedCount(name)).toBe(before + 1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await storedCount(name)).toBe(before + 2);
    await store.destroy();
    const again = await open(name);
    expect(textOf(again.doc)).toBe('first then many tasks');
    await again.store.destroy();
  });

  it('says an update is stored only once the transaction holding it has committed', async () => {
    const name = freshName();
    const { doc, store } = await open(name);
    const before = await storedCount(name);
    doc.getText('t').insert(0, 'x');
    let countWhenTold = -1;
    const told = new Promise<void>((resolve) =>
      store.afterStored(() => {
        void storedCount(name).then((count) => {
          countWhenTold = count;
          resolve();
        });
      }),
    );
    await told;
    expect(countWhenTold).toBe(before + 1);
    await store.destroy();
  });

  it('writes what is pending at once when destroyed (the page is going away), and calls no one after', async () => {
    const name = freshName();
    const { doc, store } = await open(name);
    doc.getText('t').insert(0, 'last words');
    let isCalled = false;
    store.afterStored(() => (isCalled = true));
    await store.destroy();
    await settle();
    expect(isCalled).toBe(false);
    const again = await open(name);
    expect(textOf(again.doc)).toBe('last words');
    await again.store.destroy();
  });

  it('stores others’ updates too, and what changed before the database opened', async () => {
    const name = freshName();
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'early ');
    const store = new DeviceStore(name, doc);
    await store.whenSynced;
    const remote = new Y.Doc();
    remote.getText('t').insert(0, 'remote');
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(remote), { isProvider: true });
    await settle();
    await store.destroy();
    const again = await open(name);
    expect(textOf(again.doc)).toBe(textOf(doc));
    await again.store.destroy();
  });

  it('reads what y-indexeddb stored, and y-indexeddb reads what it stores', async () => {
    const name = freshName();
    const old = new Y.Doc();
    const oldStore = new IndexeddbPersistence(name, old);
    await oldStore.whenSynced;
    old.getText('t').insert(0, 'written by y-indexeddb');
    await settle();
    await oldStore.destroy();
    const ours = await open(name);
    expect(textOf(ours.doc)).toBe('written by y-indexeddb');
    ours.doc.getText('t').insert(0, 'and by us, ');
    await settle();
    await ours.store.destroy();
    const back = new Y.Doc();
    const backStore = new IndexeddbPersistence(name, back);
    await backStore.whenSynced;
    expect(textOf(back)).toBe('and by us, written by y-indexeddb');
    await backStore.destroy();
  });

  it('folds its updates into one when they pile up, losing nothing', async () => {
    const name = freshName();
    const { doc, store } = await open(name, 0);
    for (let i = 0; i < 520; i++) {
      doc.getText('t').insert(0, String(i % 10));
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    await settle();
    expect(await storedCount(name)).toBeLessThan(100);
    const expected = textOf(doc);
    await store.destroy();
    const again = await open(name);
    expect(textOf(again.doc)).toBe(expected);
    await again.store.destroy();
  }, 30_000);

  it('reloads exactly what was written, whatever the edits, tasks and reloads (seeded)', async () => {
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('insert' as const),
        at: fc.nat(),
        text: fc.string({ minLength: 1, maxLength: 5 }),
      }),
      fc.record({
        kind: fc.constant('delete' as const),
        at: fc.nat(),
        length: fc.integer({ min: 1, max: 4 }),
      }),
      fc.constant({ kind: 'task' as const }),
      fc.constant({ kind: 'reload' as const }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 40 }), async (steps) => {
        const name = freshName();
        let current = await open(name, 0);
        for (const s of steps) {
          const text = current.doc.getText('t');
          if (s.kind === 'insert') text.insert(s.at % (text.length + 1), s.text);
          else if (s.kind === 'delete' && text.length > 0) {
            const at = s.at % text.length;
            text.delete(at, Math.min(s.length, text.length - at));
          } else if (s.kind === 'task') await new Promise((resolve) => setTimeout(resolve, 0));
          else if (s.kind === 'reload') {
            const expected = textOf(current.doc);
            await current.store.destroy();
            current = await open(name, 0);
            expect(textOf(current.doc)).toBe(expected);
          }
        }
        const expected = textOf(current.doc);
        await current.store.destroy();
        const last = await open(name);
        expect(textOf(last.doc)).toBe(expected);
        await last.store.destroy();
      }),
      { numRuns: 60, seed: 20_261_207 },
    );
  }, 60_000);
});

describe('the device store, destroyed while it opens', () => {
  it('still closes, and a later one loads what was there', async () => {
    const name = freshName();
    const first = await open(name);
    first.doc.getText('t').insert(0, 'kept');
    await first.store.destroy();
    const doc = new Y.Doc();
    const store = new DeviceStore(name, doc);
    await store.destroy();
    const again = await open(name);
    expect(textOf(again.doc)).toBe('kept');
    await again.store.destroy();
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { DocName } from '@wethink/shared';
import { ContributionBuffer } from '../../src/history/contribution-buffer';
import { RoomHistoryTracker, type VersionRequest } from '../../src/history/room-history-tracker';

afterEach(() => {
  vi.useRealTimers();
});

function setup() {
  vi.useFakeTimers();
  const doc = new Y.Doc();
  const taken: VersionRequest[] = [];
  const tracker = new RoomHistoryTracker({
    name: 'b/c' as DocName,
    doc,
    buffer: new ContributionBuffer(),
    now: () => Date.now(),
    versionQuietMs: 1000,
    versionMaxWaitMs: 5000,
    saveVersion: async (request, _update, _snapshot, tip) => {
      taken.push(request);
      return {
        id: taken.length,
        doc: 'b/c' as DocName,
        kind: request.kind,
        name: null,
        createdAt: Date.now(),
        createdBy: null,
        baseId: tip?.id ?? null,
        depth: 0,
        stateBytes: 1,
      };
    },
    latestVersion: async () => null,
    onVersionError: (error) => {
      throw error;
    },
    onEdit: () => {},
    onDispose: () => {},
  }).start();
  const author = new Y.Doc();
  author.on('update', (update: Uint8Array) =>
    Y.applyUpdate(doc, update, { kind: 'peer', principal: 'user:ann', peerId: 1 }),
  );
  return { tracker, taken, type: (text: string) => author.getText('t').insert(0, text) };
}

describe('RoomHistoryTracker', () => {
  it('takes an automatic version once editing is quiet for the quiet time', async () => {
    const { tracker, taken, type } = setup();
    type('a');
    await vi.advanceTimersByTimeAsync(600);
    type('b');
    await vi.advanceTimersByTimeAsync(600);
    expect(taken).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(500);
    await tracker.settled();
    expect(taken).toEqual([{ kind: 'auto', name: null, createdBy: null }]);
  });

  it('takes one after the max wait while editing never goes quiet', async () => {
    const { tracker, taken, type } = setup();
    for (let i = 0; i < 12; i++) {
      type('x');
      await vi.advanceTimersByTimeAsync(500);
    }
    await tracker.settled();
    expect(taken).toHaveLength(1);
  });

  it('takes one when the last writer leaves, not while writers remain, and none for an empty chapter', async () => {
    const { tracker, taken, type } = setup();
    tracker.writerLeft(0);
    await tracker.settled();
    expect(taken).toHaveLength(0);
    type('x');
    tracker.writerLeft(1);
    await tracker.settled();
    expect(taken).toHaveLength(0);
    tracker.writerLeft(0);
    await tracker.settled();
    expect(taken).toHaveLength(1);
    tracker.dispose();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('RoomHistoryTracker on a reloaded chapter', () => {
  /** A chapter loaded from storage whose newest stored version is of exactly what was loaded. */
  function reloaded() {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'written before the restart');
    const versioned = Y.snapshot(doc);
    let encodes = 0;
    const saved: Uint8Array[] = [];
    const tracker = new RoomHistoryTracker({
      name: 'b/c' as DocName,
      doc,
      buffer: new ContributionBuffer(),
      now: () => Date.now(),
      versionQuietMs: 60_000,
      versionMaxWaitMs: 600_000,
      saveVersion: async (request, update, _snapshot, tip) => {
        saved.push(update);
        return {
          id: (tip?.id ?? 0) + 1,
          doc: 'b/c' as DocName,
          kind: request.kind,
          name: request.name,
          createdAt: Date.now(),
          createdBy: request.createdBy,
          baseId: tip?.id ?? null,
          depth: 0,
          stateBytes: update.byteLength,
        };
      },
      latestVersion: async () => ({ id: 7, depth: 0, snapshot: versioned }),
      onVersionError: (error) => {
        throw error;
      },
      onEdit: () => {},
      onDispose: () => {},
      encodeState: (encoded) => {
        encodes += 1;
        return Y.encodeStateAsUpdateV2(encoded);
      },
    }).start();
    const edit = (text: string) => {
      const author = new Y.Doc();
      Y.applyUpdate(author, Y.encodeStateAsUpdate(doc));
      author.on('update', (update: Uint8Array) =>
        Y.applyUpdate(doc, update, { kind: 'peer', principal: 'user:ann', peerId: 1 }),
      );
      author.getText('t').insert(0, text);
    };
    return { tracker, doc, saved, edit, encodes: () => encodes };
  }

  it('does not encode the document when the last writer leaves and nothing changed since its newest version', async () => {
    const { tracker, saved, encodes } = reloaded();
    tracker.writerLeft(0);
    await tracker.settled();
    expect(encodes()).toBe(0);
    expect(saved).toHaveLength(0);
  });

  it('encodes and stores the document as it is once it differs from the newest version', async () => {
    const { tracker, doc, saved, edit, encodes } = reloaded();
    edit('new: ');
    tracker.writerLeft(0);
    await tracker.settled();
    expect(encodes()).toBe(1);
    const stored = new Y.Doc();
    Y.applyUpdateV2(stored, saved[0]!);
    expect(stored.getText('t').toString()).toBe(doc.getText('t').toString());
    // A named version is taken whatever changed, of the moment it was asked for.
    const named = tracker.version({ kind: 'named', name: 'draft', createdBy: 'ann' });
    expect(encodes()).toBe(2);
    await named;
    expect(saved).toHaveLength(2);
  });
});

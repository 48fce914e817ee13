import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { roundsOf, type RoundRecord } from '@wethink/shared/client';
import type { ApiClient } from '../../src/api/api-client';
import type { CollabSession } from '../../src/collab/collab-session';
import { CommentOutbox } from '../../src/comments/comment-outbox';
import { CommentsController, type CommentServices } from '../../src/comments/comments-controller';
import { memoryStorage } from '../support/memory-storage';

afterEach(() => {
  vi.useRealTimers();
});

/** The parts of a Lit host and of a comments session the controller uses, over a real Y.Doc. */
function setUp() {
  const host = { updates: 0, addController: () => {}, requestUpdate: () => void (host.updates += 1) };
  const ydoc = new Y.Doc();
  const session = { ydoc, subscribe: () => () => {} } as unknown as CollabSession;
  const outbox = new CommentOutbox({
    storage: memoryStorage(),
    send: () => Promise.reject(new Error('not sent in this test')),
    nowMs: () => Date.now(),
  });
  const api = { listMembers: () => Promise.resolve([]) } as unknown as ApiClient;
  const services = { api, outbox, newId: () => 'id-00000000', nowMs: () => Date.now() };
  const controller = new CommentsController(host as never, () => services);
  controller.follow({ bookId: 'b_1', chapterId: 'c_1' }, session, { id: 'u_1', name: 'Ada' });
  return { host, ydoc, controller };
}

describe('CommentsController', () => {
  it('re-renders when the open round reaches its end, and then reports no open round', () => {
    vi.useFakeTimers();
    const { host, ydoc, controller } = setUp();
    const round: RoundRecord = {
      id: 'r_1',
      title: 'Draft',
      versionId: 1,
      openedBy: 'u_0',
      startsAt: new Date(Date.now() - 1000).toISOString(),
      endsAt: new Date(Date.now() + 60_000).toISOString(),
      closedAt: null,
    };
    roundsOf(ydoc).set(round.id, round);
    expect(controller.openRound?.id).toBe('r_1');
    const before = host.updates;
    vi.advanceTimersByTime(59_000);
    expect(host.updates).toBe(before);
    vi.advanceTimersByTime(1_100);
    expect(host.updates).toBe(before + 1);
    expect(controller.openRound).toBeNull();
    controller.hostDisconnected();
    expect(vi.getTimerCount()).toBe(0);
  });

  it('writes nothing before the page gives it services, then writes through their outbox', () => {
    const host = { addController: () => {}, requestUpdate: () => {} };
    const session = { ydoc: new Y.Doc(), subscribe: () => () => {} } as unknown as CollabSession;
    const outbox = new CommentOutbox({
      storage: memoryStorage(),
      // Never answers: the write stays on its way.
      send: () => new Promise(() => {}),
      nowMs: () => Date.now(),
    });
    const api = { listMembers: () => Promise.resolve([]) } as unknown as ApiClient;
    let services: CommentServices | null = null;
    const controller = new CommentsController(host as never, () => services);
    const chapter = { bookId: 'b_1', chapterId: 'c_1' };
    const anchor = { start: 'AA==', end: 'AA==' };
    controller.follow(chapter, session, { id: 'u_1', name: 'Ada' });
    expect(controller.createThread(anchor, 'Hi', 'A question')).toBeNull();
    expect(controller.entries).toEqual([]);

    services = { api, outbox, newId: () => 'id-00000000', nowMs: () => Date.now() };
    controller.follow(chapter, session, { id: 'u_1', name: 'Ada' });
    expect(controller.createThread(anchor, 'Hi', 'A question')).toBe('id-00000000');
    expect(outbox.state.items).toHaveLength(1);
    expect(controller.entries.map((entry) => [entry.thread.id, entry.isSending])).toEqual([
      ['id-00000000', true],
    ]);
  });
});

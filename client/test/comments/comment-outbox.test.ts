import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/api/api-error';
import type { CommentOp, DeliveredRecords } from '../../src/comments/comment-ops';
import { CommentOutbox, type OutboxItem } from '../../src/comments/comment-outbox';
import { memoryStorage } from '../support/memory-storage';

const chapter = { bookId: 'b_1', chapterId: 'c_1' };
const anchor = { start: 'AA==', end: 'AA==' };
const thread = (threadId: string, body = 'Why?'): CommentOp => ({
  kind: 'create-thread',
  threadId,
  commentId: `${threadId}-c`,
  anchor,
  quote: 'passage',
  body,
});
const reply = (threadId: string, commentId: string, body = 'Because.'): CommentOp => ({
  kind: 'reply',
  threadId,
  commentId,
  body,
});

const unreachable = () => new ApiError('unreachable', 0, 'unreachable', 'The server cannot be reached.');
const refused = (code: string, message: string) => new ApiError('forbidden', 403, code, message);

/** A server whose answers the test decides, one request at a time. */
function scriptedServer() {
  const sent: OutboxItem[] = [];
  const failures: Array<(item: OutboxItem) => Error | null> = [];
  return {
    sent,
    failNext: (fail: (item: OutboxItem) => Error | null) => failures.push(fail),
    send: async (item: OutboxItem): Promise<DeliveredRecords> => {
      const failure = failures.shift()?.(item) ?? null;
      if (failure !== null) throw failure;
      sent.push(item);
      return {};
    },
  };
}

const opsOf = (items: readonly OutboxItem[]) =>
  items.map((item) =>
    item.op.kind === 'suggest'
      ? item.op.request.id
      : 'commentId' in item.op
        ? item.op.commentId
        : item.op.threadId,
  );

describe('CommentOutbox', () => {
  it('sends writes one at a time in the order they were made', async () => {
    const server = scriptedServer();
    const outbox = new CommentOutbox({ storage: memoryStorage(), send: server.send, nowMs: () => 0 });
    outbox.enqueue('u_1', chapter, thread('t_1'));
    outbox.enqueue('u_1', chapter, reply('t_1', 'c_2'));
    outbox.enqueue('u_1', chapter, reply('t_1', 'c_3'));
    await outbox.flush('u_1');
    expect(opsOf(server.sent)).toEqual(['t_1-c', 'c_2', 'c_3']);
    expect(outbox.state.items).toEqual([]);
  });

  it('keeps everything, in order, while the server cannot be reached, and replays it later', async () => {
    const storage = memoryStorage();
    const server = scriptedServer();
    server.failNext(unreachable);
    const outbox = new CommentOutbox({ storage, send: server.send, nowMs: () => 0 });
    outbox.enqueue('u_1', chapter, thread('t_1'));
    await outbox.flush('u_1');
    outbox.enqueue('u_1', chapter, reply('t_1', 'c_2'));
    server.failNext(unreachable);
    await outbox.flush('u_1');
    expect(server.sent).toEqual([]);
    expect(outbox.state.isWaiting).toBe(true);
    expect(opsOf(outbox.state.items)).toEqual(['t_1-c', 'c_2']);

    // A reload: the writes come back from storage and go out in the same order.
    const reloaded = new CommentOutbox({ storage, send: server.send, nowMs: () => 0 });
    expect(opsOf(reloaded.state.items)).toEqual(['t_1-c', 'c_2']);
    await reloaded.flush('u_1');
    expect(opsOf(server.sent)).toEqual(['t_1-c', 'c_2']);
    expect(reloaded.state).toMatchObject({ items: [], isWaiting: false });
  });

  it('drops a refused write with the server’s reason, and the writes that depend on it, and goes on', async () => {
    const server = scriptedServer();
    const outbox = new CommentOutbox({ storage: memoryStorage(), send: server.send, nowMs: () => 0 });
    server.failNext(unreachable);
    outbox.enqueue('u_1', chapter, thread('t_1'));
    outbox.enqueue('u_1', chapter, reply('t_1', 'c_2'));
    outbox.enqueue('u_1', chapter, thread('t_9'));
    await outbox.flush('u_1');
    server.failNext(() => refused('round-closed', 'Readers may comment only while a review round is open.'));
    await outbox.flush('u_1');
    expect(opsOf(server.sent)).toEqual(['t_9-c']);
    expect(outbox.state.items).toEqual([]);
    expect(outbox.state.refusals.map((refusal) => [refusal.code, refusal.message])).toEqual([
      ['round-closed', 'Your comment was not sent: Readers may comment only while a review round is open.'],
      ['round-closed', 'Your reply was not sent: what it answers was refused.'],
    ]);
    outbox.dismiss(outbox.state.refusals[0]!.item.seq);
    expect(outbox.state.refusals).toHaveLength(1);
  });

  it('retries after a server error or a rate limit instead of dropping the write', async () => {
    const server = scriptedServer();
    const outbox = new CommentOutbox({ storage: memoryStorage(), send: server.send, nowMs: () => 0 });
    server.failNext(() => new ApiError('server', 500, 'internal', 'internal error'));
    outbox.enqueue('u_1', chapter, thread('t_1'));
    await outbox.flush('u_1');
    server.failNext(() => new ApiError('rate-limited', 429, 'rate-limited', 'Too many attempts.'));
    await outbox.flush('u_1');
    expect(outbox.state.refusals).toEqual([]);
    expect(outbox.state.items).toHaveLength(1);
    await outbox.flush('u_1');
    expect(opsOf(server.sent)).toEqual(['t_1-c']);
  });

  it("sends only the signed-in user's writes; another account's wait for them", async () => {
    const server = scriptedServer();
    const outbox = new CommentOutbox({ storage: memoryStorage(), send: server.send, nowMs: () => 0 });
    server.failNext(unreachable);
    outbox.enqueue('u_other', chapter, thread('t_1'));
    await outbox.flush('u_other');
    outbox.enqueue('u_1', chapter, thread('t_2'));
    await outbox.flush('u_1');
    expect(opsOf(server.sent)).toEqual(['t_2-c']);
    expect(opsOf(outbox.state.items)).toEqual(['t_1-c']);
  });

  it('sends a write made while a replay is under way after the ones before it', async () => {
    const sent: string[] = [];
    let outbox: CommentOutbox | null = null;
    outbox = new CommentOutbox({
      storage: memoryStorage(),
      nowMs: () => 0,
      send: async (item) => {
        const threadId = item.op.kind === 'suggest' ? item.op.request.id : item.op.threadId;
        sent.push(threadId);
        if (threadId === 't_1') outbox?.enqueue('u_1', chapter, thread('t_3'));
        return {};
      },
    });
    outbox.enqueue('u_1', chapter, thread('t_1'));
    outbox.enqueue('u_1', chapter, thread('t_2'));
    await outbox.flush('u_1');
    expect(sent).toEqual(['t_1', 't_2', 't_3']);
  });

  it('remembers what the server answered for each delivered write', async () => {
    const comment = { id: 'c_1', threadId: 't_1' } as DeliveredRecords['comment'];
    const outbox = new CommentOutbox({
      storage: memoryStorage(),
      send: async () => ({ comment }),
      nowMs: () => 0,
    });
    outbox.enqueue('u_1', chapter, reply('t_1', 'c_1'));
    await outbox.flush('u_1');
    expect(outbox.state.delivered.map((delivery) => delivery.records.comment)).toEqual([comment]);
  });

  it('shares one list between two tabs: neither loses the other’s writes', async () => {
    const storage = memoryStorage();
    const server = scriptedServer();
    const tabA = new CommentOutbox({ storage, send: server.send, nowMs: () => 0 });
    const tabB = new CommentOutbox({ storage, send: server.send, nowMs: () => 0 });
    server.failNext(unreachable);
    server.failNext(unreachable);
    tabA.enqueue('u_1', chapter, thread('t_a'));
    tabB.enqueue('u_1', chapter, thread('t_b'));
    await Promise.all([tabA.flush('u_1'), tabB.flush('u_1')]);
    await tabA.flush('u_1');
    expect(opsOf(server.sent)).toEqual(['t_a-c', 't_b-c']);
    await tabB.flush('u_1');
    expect(opsOf(server.sent)).toEqual(['t_a-c', 't_b-c']);
    expect(tabB.state.items).toEqual([]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import {
  MAX_COMMENT_CHARS,
  Role,
  commentsOf,
  readComments,
  threadsOf,
  type CommentRecord,
  type CommentsView,
  type NotificationsView,
  type RoundRecord,
  type ThreadRecord,
} from '@wethink/shared';
import { RawClient, waitFor } from '../clients';
import { paragraphText } from '../history/history-fixture';
import { makeTempDir, startTestServer, type TestServer } from '../start-test-server';
import {
  anchorOf,
  bookWithChapter,
  chapterPath,
  commentsReader,
  errorCodeOf,
  newId,
  postThread,
} from './comments-fixture';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(env: Record<string, string> = {}): Promise<TestServer> {
  const server = await startTestServer(env);
  cleanups.push(() => server.stop());
  return server;
}

type Created = { thread: ThreadRecord; comment: CommentRecord };

describe('comments over the HTTP API, live through the comments document', () => {
  it('a reviewer comments on a passage; everyone reading the comments document sees it at once, quoted by the server', async () => {
    const server = await start();
    const { bookId, members, authorDoc } = await bookWithChapter(
      server,
      'It was a dark and stormy night.',
      cleanups,
    );
    const watcher = await commentsReader(server, members.reader, bookId, cleanups);
    const response = await postThread(members.reviewer, bookId, anchorOf(authorDoc, 9, 13), 'Too dark?');
    expect(response.status).toBe(201);
    const { thread, comment } = (await response.json()) as Created;
    expect(thread).toMatchObject({
      quote: 'dark',
      createdBy: members.reviewer.id,
      status: 'open',
      roundId: null,
    });
    expect(comment).toMatchObject({
      authorId: members.reviewer.id,
      authorName: 'Reviewer',
      body: 'Too dark?',
    });
    await waitFor(() => threadsOf(watcher.doc).has(thread.id), 'the thread to reach the reader live');
    expect(commentsOf(watcher.doc).get(comment.id)?.body).toBe('Too dark?');
  });

  it('keeps the anchor on its words through later edits, and orphans the thread with its quote when they go', async () => {
    const server = await start();
    const { bookId, members, authorDoc } = await bookWithChapter(server, 'Hello brave new world', cleanups);
    const { thread } = (await (
      await postThread(members.reviewer, bookId, anchorOf(authorDoc, 6, 11), 'Which brave?')
    ).json()) as Created;
    const text = paragraphText(authorDoc);
    text.insert(0, 'Oh. ');
    text.insert(text.length, '!');
    const listed = async (): Promise<CommentsView> =>
      members.author.json<CommentsView>('GET', chapterPath(bookId, '/comments'));
    await waitFor(() => paragraphText(authorDoc).toString().startsWith('Oh. '), 'local edit');
    await expect.poll(async () => (await listed()).threads[0]?.orphaned).toBe(false);
    text.delete(4 + 6, 5); // "brave"
    await expect.poll(async () => (await listed()).threads[0]?.orphaned, { timeout: 5000 }).toBe(true);
    const after = (await listed()).threads.find((item) => item.id === thread.id)!;
    expect(after.quote).toBe('brave');
    // A new thread on the gone passage is refused: nothing is there to comment on.
    const refused = await postThread(members.author, bookId, anchorOf(authorDoc, 10, 10), 'empty');
    expect(refused.status).toBe(409);
    expect(await errorCodeOf(refused)).toBe('anchor-gone');
    const stale = await postThread(members.author, bookId, thread.anchor, 'again');
    expect(await errorCodeOf(stale)).toBe('anchor-gone');
  });

  it('overwrites forged author fields, stores markup as plain text, and refuses oversize and malformed bodies', async () => {
    const server = await start();
    const { bookId, members, authorDoc } = await bookWithChapter(
      server,
      'Some words to talk about',
      cleanups,
    );
    const payload = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    const forged = await members.reviewer.request('POST', chapterPath(bookId, '/threads'), {
      id: newId(),
      commentId: newId(),
      anchor: anchorOf(authorDoc, 0, 4),
      body: payload,
      authorId: members.owner.id,
      authorName: 'The Owner',
      createdBy: members.owner.id,
      roundId: 'r_fake',
    });
    expect(forged.status).toBe(201);
    const { thread, comment } = (await forged.json()) as Created;
    expect(comment).toMatchObject({
      authorId: members.reviewer.id,
      authorName: 'Reviewer',
      body: payload,
      roundId: null,
    });
    expect(thread.createdBy).toBe(members.reviewer.id);

    const tooLong = await postThread(
      members.reviewer,
      bookId,
      anchorOf(authorDoc, 0, 4),
      'x'.repeat(MAX_COMMENT_CHARS + 1),
    );
    expect(tooLong.status).toBe(413);
    expect(await errorCodeOf(tooLong)).toBe('payload-too-large');
    const blank = await postThread(members.reviewer, bookId, anchorOf(authorDoc, 0, 4), '   ');
    expect(blank.status).toBe(400);
    const badAnchor = await members.reviewer.request('POST', chapterPath(bookId, '/threads'), {
      id: newId(),
      commentId: newId(),
      anchor: { start: '!!!', end: 'AAAA' },
      body: 'hi',
    });
    expect(badAnchor.status).toBe(400);
    const garbage = await members.reviewer.request('POST', chapterPath(bookId, '/threads'), {
      id: newId(),
      commentId: newId(),
      anchor: { start: 'AAAAAAAAAAAA', end: '////////' },
      body: 'hi',
    });
    expect([400, 409]).toContain(garbage.status);
    // Nothing refused reached the document.
    const view = await members.owner.json<CommentsView>('GET', chapterPath(bookId, '/comments'));
    expect(view.threads.map((item) => item.id)).toEqual([thread.id]);
    expect((await server.accounts.listBooks(members.owner.id)).length).toBe(1);
  });

  it('is idempotent: a retried create returns the same records and adds nothing; reusing an id for something else is a conflict', async () => {
    const server = await start();
    const { bookId, members, authorDoc } = await bookWithChapter(server, 'Retry me please', cleanups);
    const ids = { id: newId(), commentId: newId() };
    const first = (await (
      await postThread(members.author, bookId, anchorOf(authorDoc, 0, 5), 'once', ids)
    ).json()) as Created;
    const again = await postThread(members.author, bookId, anchorOf(authorDoc, 0, 5), 'once', ids);
    expect(again.status).toBe(201);
    expect(((await again.json()) as Created).comment).toEqual(first.comment);
    const replyId = newId();
    const reply = (body: string) =>
      members.reviewer.request('POST', chapterPath(bookId, `/threads/${ids.id}/comments`), {
        id: replyId,
        body,
      });
    expect((await reply('a reply')).status).toBe(201);
    expect((await reply('a reply')).status).toBe(201);
    const view = await members.owner.json<CommentsView>('GET', chapterPath(bookId, '/comments'));
    expect(view.threads).toHaveLength(1);
    expect(view.comments).toHaveLength(2);
    // Someone else reusing the thread id is refused.
    const stolen = await postThread(members.reviewer, bookId, anchorOf(authorDoc, 0, 5), 'mine', ids);
    expect(stolen.status).toBe(409);
    const stolenReply = await members.owner.request(
      'POST',
      chapterPath(bookId, `/threads/${ids.id}/comments`),
      {
        id: replyId,
        body: 'x',
      },
    );
    expect(stolenReply.status).toBe(409);
  });

  it('writes every change to a loaded comments document under one server client id', async () => {
    const server = await start();
    const { bookId, members, authorDoc } = await bookWithChapter(server, 'Many comments here', cleanups);
    const watcher = await commentsReader(server, members.owner, bookId, cleanups);
    for (let i = 0; i < 5; i += 1) {
      expect((await postThread(members.reviewer, bookId, anchorOf(authorDoc, 0, 4), `c${i}`)).status).toBe(
        201,
      );
    }
    const room = server.registry.peek(`${bookId}/ch-1/comments` as never)!;
    expect([...room.doc.store.clients.keys()]).toHaveLength(1);
    await waitFor(() => threadsOf(watcher.doc).size === 5, 'five threads live');
    expect(watcher.doc.store.clients.size).toBe(1);
  });

  it('refuses any write to the comments document over sync and leaves it untouched', async () => {
    const server = await start();
    const { bookId, members, authorDoc } = await bookWithChapter(server, 'Read only comments', cleanups);
    await postThread(members.author, bookId, anchorOf(authorDoc, 0, 4), 'legit');
    const owner = await commentsReader(server, members.owner, bookId, cleanups);
    const denied: string[] = [];
    owner.on('status', () => {});
    (owner as unknown as { messageHandlers: unknown[] }).messageHandlers[2] = (
      _encoder: unknown,
      decoder: { arr: Uint8Array; pos: number },
    ) => {
      denied.push(new TextDecoder().decode(decoder.arr.subarray(decoder.pos)));
    };
    owner.doc.transact(() => threadsOf(owner.doc).set('forged', { id: 'forged' } as ThreadRecord));
    await waitFor(() => denied.length > 0, 'permission-denied');
    expect(denied[0]).toContain('HTTP API');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const room = server.registry.peek(`${bookId}/ch-1/comments` as never)!;
    expect(threadsOf(room.doc).has('forged')).toBe(false);
    expect(readComments(room.doc).threads).toHaveLength(1);
  });

  it('refuses names that are neither a book, a chapter nor its comments', async () => {
    const server = await start();
    const { bookId, members } = await bookWithChapter(server, 'x', cleanups);
    const token = await members.owner.connectionToken(bookId);
    await expect(RawClient.open(`${server.syncUrl}/${bookId}/ch-1/notes?token=${token}`)).rejects.toThrow(
      'upgrade refused: 404',
    );
    await expect(
      RawClient.open(`${server.syncUrl}/${bookId}/ch-1/comments?token=${token}`),
    ).resolves.toBeTruthy();
  });
});

describe('who may do what with comments', () => {
  it('follows the permissions matrix, review rounds included', async () => {
    const server = await start();
    const { bookId, members, authorDoc, stranger } = await bookWithChapter(
      server,
      'The draft we send to readers',
      cleanups,
    );
    const anchor = anchorOf(authorDoc, 4, 9);
    const statusOf = async (response: Promise<Response>): Promise<number> => (await response).status;

    // Commenting: owner, author, reviewer yes; reader only in an open round; strangers see nothing.
    const threads: Record<string, string> = {};
    for (const role of [Role.owner, Role.author, Role.reviewer]) {
      const response = await postThread(members[role], bookId, anchor, `by ${role}`);
      expect(response.status, role).toBe(201);
      threads[role] = ((await response.json()) as Created).thread.id;
    }
    const readerOutside = await postThread(members.reader, bookId, anchor, 'may I?');
    expect(readerOutside.status).toBe(403);
    expect(await errorCodeOf(readerOutside)).toBe('round-closed');
    expect((await postThread(stranger, bookId, anchor, 'hi')).status).toBe(404);
    expect(await statusOf(stranger.request('GET', chapterPath(bookId, '/comments')))).toBe(404);
    expect(await statusOf(members.reader.request('GET', chapterPath(bookId, '/comments')))).toBe(200);

    // Rounds are the owner's.
    for (const role of [Role.author, Role.reviewer, Role.reader]) {
      expect(
        await statusOf(members[role].request('POST', chapterPath(bookId, '/rounds'), { title: 'x' })),
        role,
      ).toBe(403);
    }
    const opened = await members.owner.request('POST', chapterPath(bookId, '/rounds'), { title: 'Draft 1' });
    expect(opened.status).toBe(201);
    const { round } = (await opened.json()) as { round: RoundRecord };
    expect(round.versionId).toBeGreaterThan(0);
    const versions = await members.owner.json<{ versions: { id: number; name: string }[] }>(
      'GET',
      chapterPath(bookId, '/versions'),
    );
    expect(versions.versions.find((v) => v.id === round.versionId)?.name).toBe('Sent to readers: Draft 1');
    expect(
      await statusOf(members.owner.request('POST', chapterPath(bookId, '/rounds'), { title: 'Two at once' })),
    ).toBe(409);

    // In the round a reader comments and replies; their records carry the round.
    const inRound = await postThread(members.reader, bookId, anchor, 'As a reader: lovely');
    expect(inRound.status).toBe(201);
    const readerThread = (await inRound.json()) as Created;
    expect(readerThread.thread.roundId).toBe(round.id);
    expect(readerThread.comment.roundId).toBe(round.id);
    const readerReply = await members.reader.request(
      'POST',
      chapterPath(bookId, `/threads/${threads.author}/comments`),
      {
        id: newId(),
        body: 'agreed',
      },
    );
    expect(readerReply.status).toBe(201);
    // …but still may not resolve.
    expect(
      await statusOf(
        members.reader.request('POST', chapterPath(bookId, `/threads/${threads.author}/resolve`)),
      ),
    ).toBe(403);

    // Closing the round shuts readers out again, including editing their own words.
    expect(
      await statusOf(members.author.request('POST', chapterPath(bookId, `/rounds/${round.id}/close`))),
    ).toBe(403);
    expect(
      await statusOf(members.owner.request('POST', chapterPath(bookId, `/rounds/${round.id}/close`))),
    ).toBe(200);
    const after = await postThread(members.reader, bookId, anchor, 'one more');
    expect(await errorCodeOf(after)).toBe('round-closed');
    const editAfter = await members.reader.request(
      'PATCH',
      chapterPath(bookId, `/threads/${readerThread.thread.id}/comments/${readerThread.comment.id}`),
      { body: 'changed' },
    );
    expect(editAfter.status).toBe(403);

    // Editing: only your own. Deleting: your own, or the owner's moderation.
    const view = await members.owner.json<CommentsView>('GET', chapterPath(bookId, '/comments'));
    const firstOf = (threadId: string) => view.comments.find((c) => c.threadId === threadId)!;
    const reviewerComment = firstOf(threads.reviewer!);
    const path = (comment: CommentRecord) =>
      chapterPath(bookId, `/threads/${comment.threadId}/comments/${comment.id}`);
    for (const role of [Role.owner, Role.author]) {
      const edit = await members[role].request('PATCH', path(reviewerComment), { body: 'rewritten' });
      expect(edit.status, role).toBe(403);
      expect(await errorCodeOf(edit)).toBe('forbidden');
    }
    expect(await statusOf(members.author.request('DELETE', path(reviewerComment)))).toBe(403);
    const edited = await members.reviewer.json<{ comment: CommentRecord }>('PATCH', path(reviewerComment), {
      body: 'by reviewer, edited',
    });
    expect(edited.comment.editedAt).not.toBeNull();
    const authorComment = firstOf(threads.author!);
    expect(await statusOf(members.owner.request('DELETE', path(authorComment)))).toBe(200);
    const deleted = (
      await members.owner.json<CommentsView>('GET', chapterPath(bookId, '/comments'))
    ).comments.find((c) => c.id === authorComment.id)!;
    expect(deleted).toMatchObject({ body: '', deletedAt: expect.any(String) });

    // Resolving and reopening: owner and authors.
    for (const role of [Role.reviewer, Role.reader]) {
      expect(
        await statusOf(
          members[role].request('POST', chapterPath(bookId, `/threads/${threads.reviewer}/resolve`)),
        ),
        role,
      ).toBe(403);
    }
    const resolved = await members.author.json<{ thread: ThreadRecord }>(
      'POST',
      chapterPath(bookId, `/threads/${threads.reviewer}/resolve`),
    );
    expect(resolved.thread).toMatchObject({ status: 'resolved', resolvedBy: members.author.id });
    const reopened = await members.owner.json<{ thread: ThreadRecord }>(
      'POST',
      chapterPath(bookId, `/threads/${threads.reviewer}/reopen`),
    );
    expect(reopened.thread).toMatchObject({ status: 'open', resolvedBy: null });
    expect(
      await statusOf(members.owner.request('POST', chapterPath(bookId, '/threads/nope12345/resolve'))),
    ).toBe(404);
  });

  it('ends a round by itself at its end time', async () => {
    const server = await start();
    const { bookId, members, authorDoc } = await bookWithChapter(server, 'Timed review round', cleanups);
    const endsAt = new Date(Date.now() + 1500).toISOString();
    const past = await members.owner.request('POST', chapterPath(bookId, '/rounds'), {
      title: 'late',
      endsAt: new Date(Date.now() - 1000).toISOString(),
    });
    expect(past.status).toBe(400);
    expect(
      (await members.owner.request('POST', chapterPath(bookId, '/rounds'), { title: 'short', endsAt }))
        .status,
    ).toBe(201);
    expect((await postThread(members.reader, bookId, anchorOf(authorDoc, 0, 5), 'quick')).status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, Date.parse(endsAt) - Date.now() + 50));
    const late = await postThread(members.reader, bookId, anchorOf(authorDoc, 0, 5), 'too late');
    expect(await errorCodeOf(late)).toBe('round-closed');
    // A new round may open once the last one ended.
    expect(
      (await members.owner.request('POST', chapterPath(bookId, '/rounds'), { title: 'next' })).status,
    ).toBe(201);
  });
});

describe('mentions and contributions', () => {
  it('notifies a mentioned member once, and counts comments written and threads resolved', async () => {
    const server = await start();
    const { bookId, members, authorDoc } = await bookWithChapter(server, 'Mention someone here', cleanups);
    const ids = { id: newId(), commentId: newId() };
    await postThread(
      members.reviewer,
      bookId,
      anchorOf(authorDoc, 0, 7),
      '@Author could you look? cc @owner',
      ids,
    );
    // Olive is the owner's display name; `@owner` is nobody.
    const authorInbox = await members.author.json<NotificationsView>('GET', '/api/notifications');
    expect(authorInbox.unread).toBe(1);
    expect(authorInbox.notifications[0]).toMatchObject({
      kind: 'mention',
      bookId,
      chapterId: 'ch-1',
      threadId: ids.id,
      commentId: ids.commentId,
      fromUserId: members.reviewer.id,
      fromName: 'Reviewer',
    });
    expect((await members.owner.json<NotificationsView>('GET', '/api/notifications')).unread).toBe(0);
    // Editing the comment keeping the mention does not notify again; adding one does.
    await members.reviewer.json(
      'PATCH',
      chapterPath(bookId, `/threads/${ids.id}/comments/${ids.commentId}`),
      {
        body: '@Author please, and @Olive too',
      },
    );
    expect((await members.author.json<NotificationsView>('GET', '/api/notifications')).unread).toBe(1);
    expect((await members.owner.json<NotificationsView>('GET', '/api/notifications')).unread).toBe(1);
    await members.author.json('POST', '/api/notifications/read', { ids: [authorInbox.notifications[0]!.id] });
    // Marking someone else's notification read does nothing.
    const ownerInbox = await members.owner.json<NotificationsView>('GET', '/api/notifications');
    await members.author.json('POST', '/api/notifications/read', { ids: [ownerInbox.notifications[0]!.id] });
    expect((await members.author.json<NotificationsView>('GET', '/api/notifications')).unread).toBe(0);
    expect((await members.owner.json<NotificationsView>('GET', '/api/notifications')).unread).toBe(1);

    await members.reviewer.json('POST', chapterPath(bookId, `/threads/${ids.id}/comments`), {
      id: newId(),
      body: 'two',
    });
    await members.author.json('POST', chapterPath(bookId, `/threads/${ids.id}/resolve`));
    const stats = await members.owner.json<{
      users: { userId: string; commentsWritten: number; threadsResolved: number }[];
    }>('GET', `/api/books/${bookId}/contributions`);
    const of = (userId: string) => stats.users.find((user) => user.userId === userId);
    expect(of(members.reviewer.id)).toMatchObject({ commentsWritten: 2, threadsResolved: 0 });
    expect(of(members.author.id)).toMatchObject({ commentsWritten: 0, threadsResolved: 1 });
    const credits = await members.owner.json<{ reviewers: { userId: string }[] }>(
      'GET',
      `/api/books/${bookId}/credits`,
    );
    expect(credits.reviewers.map((reviewer) => reviewer.userId)).toEqual([members.reviewer.id]);
    const csv = await (
      await members.owner.request('GET', `/api/books/${bookId}/contributions?format=csv`)
    ).text();
    expect(csv.split('\r\n')[0]).toContain('commentsWritten,threadsResolved');
  });
});

describe('comment write limits', () => {
  it('caps writes per user per minute with 429, without slowing anyone else', async () => {
    const server = await start({ COMMENT_WRITES_PER_MINUTE: '3' });
    const { bookId, members, authorDoc } = await bookWithChapter(server, 'Flood this passage', cleanups);
    const anchor = anchorOf(authorDoc, 0, 5);
    for (let i = 0; i < 3; i += 1)
      expect((await postThread(members.reviewer, bookId, anchor, `n${i}`)).status).toBe(201);
    const flooded = await postThread(members.reviewer, bookId, anchor, 'one too many');
    expect(flooded.status).toBe(429);
    expect(await errorCodeOf(flooded)).toBe('rate-limited');
    expect((await postThread(members.author, bookId, anchor, 'mine still works')).status).toBe(201);
    expect((await members.reviewer.request('GET', chapterPath(bookId, '/comments'))).status).toBe(200);
  });
});

describe('comments across a restart', () => {
  it('keeps threads, rounds and notifications, and the server writes on with a new client id', async () => {
    const env = { DATA_DIR: makeTempDir(), COMPACT_AFTER_UPDATES: '3', COMPACT_QUIET_MS: '0' };
    let server = await startTestServer(env);
    const { bookId, members, authorDoc, authorProvider } = await bookWithChapter(
      server,
      'Survive a restart',
      cleanups,
    );
    const ids = { id: newId(), commentId: newId() };
    await postThread(members.reviewer, bookId, anchorOf(authorDoc, 0, 7), 'Hello @Author', ids);
    await members.owner.json('POST', chapterPath(bookId, '/rounds'), { title: 'R1' });
    for (let i = 0; i < 3; i += 1) {
      await members.reader.json('POST', chapterPath(bookId, `/threads/${ids.id}/comments`), {
        id: newId(),
        body: `r${i}`,
      });
    }
    authorProvider.destroy();
    await server.stop();

    server = await startTestServer(env);
    cleanups.push(() => server.stop());
    const [owner, author, reader] = [members.owner, members.author, members.reader].map((user) =>
      user.at(server.url),
    );
    const view = await owner!.json<CommentsView>('GET', chapterPath(bookId, '/comments'));
    expect(view.threads).toMatchObject([{ id: ids.id, quote: 'Survive', orphaned: false }]);
    expect(view.comments.map((comment) => comment.body)).toEqual(['Hello @Author', 'r0', 'r1', 'r2']);
    expect(view.rounds).toMatchObject([{ title: 'R1', closedAt: null }]);
    expect((await author!.json<NotificationsView>('GET', '/api/notifications')).unread).toBe(1);
    // The round is still open after the restart, and writes go on.
    expect(
      (
        await reader!.request('POST', chapterPath(bookId, `/threads/${ids.id}/comments`), {
          id: newId(),
          body: 'after',
        })
      ).status,
    ).toBe(201);
    const room = server.registry.peek(`${bookId}/ch-1/comments` as never)!;
    expect(room.doc.store.clients.size).toBe(2);
  });
});

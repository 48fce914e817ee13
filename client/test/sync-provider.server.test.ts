import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import WebSocket from 'ws';
import { Awareness } from 'y-protocols/awareness';
import * as Y from 'yjs';
import { CloseCode, MessageType, NoticeKind, encodeSaveRequest } from '@wethink/shared/client';
import { SyncProvider, type SyncSocket } from '../src/collab/sync-provider';

// Runs the real server as a child process: the client never imports server code.
const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../server');
let child: ChildProcess;
let syncUrl: string;
let baseUrl: string;
let cookie = '';

beforeAll(async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wethink-client-test-'));
  child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: serverDir,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server did not start in 15 s')), 15_000);
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      const record = JSON.parse(line) as { msg?: string; port?: number };
      if (record.msg !== 'listening' || !record.port) return;
      clearTimeout(timer);
      resolve(record.port);
    });
  });
  syncUrl = `ws://127.0.0.1:${port}/sync`;
  baseUrl = `http://127.0.0.1:${port}`;
  const signUp = await post('/api/auth/sign-up', {
    email: `ext-${Date.now()}@test.invalid`,
    name: 'Ext',
    password: 'correct horse battery',
  });
  cookie = signUp.headers.getSetCookie()[0]!.split(';', 1)[0]!;
}, 20_000);

async function post(path: string, body: unknown = {}, as = cookie): Promise<Response> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: as },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response;
}

/** A new book of the signed-in user, its chapter's document name and a connection token for it. */
async function newChapter(): Promise<{ name: string; token: string }> {
  const { book } = (await (await post('/api/books', { title: 'Extensions' })).json()) as {
    book: { id: string };
  };
  const { token } = (await (await post(`/api/books/${book.id}/connection-token`)).json()) as {
    token: string;
  };
  return { name: `${book.id}/chapter`, token };
}

/** Someone who joins the book through an invite with `role`: their account and a connection token. */
async function newMember(bookId: string, role: 'reader' | 'reviewer' | 'author') {
  const { invite } = (await (await post(`/api/books/${bookId}/invites`, { role })).json()) as {
    invite: { code: string };
  };
  const signUp = await post('/api/auth/sign-up', {
    email: `${role}-${Date.now()}-${Math.random()}@test.invalid`,
    name: role,
    password: 'correct horse battery',
  });
  const memberCookie = signUp.headers.getSetCookie()[0]!.split(';', 1)[0]!;
  const { user } = (await signUp.json()) as { user: { id: string } };
  await post(`/api/invites/${invite.code}/accept`, {}, memberCookie);
  const { token } = (await (
    await post(`/api/books/${bookId}/connection-token`, {}, memberCookie)
  ).json()) as {
    token: string;
  };
  return { userId: user.id, cookie: memberCookie, token };
}

afterAll(() => {
  child.kill('SIGTERM');
});

/** A provider on the wire we count: how many frames of which first byte arrive and leave. */
function openCounted(
  { name: docName, token }: { name: string; token: string },
  options: { onNotice?: (kind: NoticeKind) => void; canSendEdits?: () => boolean } = {},
) {
  const received: number[] = [];
  const sent: number[] = [];
  let opened = 0;
  const doc = new Y.Doc();
  const provider = new SyncProvider({
    serverUrl: syncUrl,
    docName,
    doc,
    awareness: new Awareness(doc),
    params: { token },
    maxBackoffMs: 200,
    wantsNotices: options.onNotice !== undefined,
    ...(options.canSendEdits ? { canSendEdits: options.canSendEdits } : {}),
    openSocket: (url) => {
      opened += 1;
      const socket = new WebSocket(url);
      socket.on('message', (data: ArrayBuffer) => received.push(new Uint8Array(data)[0]!));
      const send = socket.send.bind(socket);
      socket.send = ((data: Uint8Array) => {
        sent.push(data[0]!);
        send(data);
      }) as typeof socket.send;
      // `ws` implements the browser's on* properties the provider uses.
      return socket as unknown as SyncSocket;
    },
  });
  if (options.onNotice) provider.on('notice', options.onNotice);
  provider.connect();
  return {
    provider,
    received,
    sent,
    get opened() {
      return opened;
    },
  };
}

const synced = (provider: SyncProvider) =>
  new Promise<void>((resolve) => (provider.isSynced ? resolve() : provider.once('synced', () => resolve())));

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('SyncProvider against the real server', () => {
  it('delivers a keystroke with its cursor move as one frame, and never echoes others', async () => {
    const chapter = await newChapter();
    const author = openCounted(chapter);
    const watcher = openCounted(chapter);
    await Promise.all([synced(author.provider), synced(watcher.provider)]);
    watcher.provider.awareness.setLocalStateField('user', { name: 'Watcher' });
    await until(
      () => author.provider.awareness.getStates().has(watcher.provider.doc.clientID),
      'author to see watcher',
    );
    const before = { received: watcher.received.length, sent: watcher.sent.length };

    for (let i = 0; i < 20; i++) {
      author.provider.doc.getText('t').insert(i, 'x');
      // A cursor as y-prosemirror writes it (relative positions): the server refuses any other shape.
      const position = Y.relativePositionToJSON(
        Y.createRelativePositionFromTypeIndex(author.provider.doc.getText('t'), i + 1),
      );
      author.provider.awareness.setLocalStateField('cursor', {
        anchor: position,
        head: position,
        step: i + 1,
      });
      await until(() => watcher.provider.doc.getText('t').length === i + 1, `keystroke ${i}`);
      await until(
        () =>
          (
            watcher.provider.awareness.getStates().get(author.provider.doc.clientID) as {
              cursor?: { step: number };
            }
          )?.cursor?.step ===
          i + 1,
        `cursor ${i}`,
      );
    }
    const frames = watcher.received.slice(before.received);
    expect(frames.every((type) => type === MessageType.batch)).toBe(true);
    expect(frames).toHaveLength(20);
    // The watcher saw 20 cursor moves of the author and sent nothing back.
    expect(watcher.sent.length - before.sent).toBe(0);
    author.provider.destroy();
    watcher.provider.destroy();
  });

  it('sends a save request in the same frame as the update it covers', async () => {
    const author = openCounted(await newChapter());
    await synced(author.provider);
    const sentBefore = author.sent.length;
    author.provider.doc.getText('t').insert(0, 'saved?');
    author.provider.send(encodeSaveRequest(1));
    await until(() => author.received.includes(MessageType.saveAck), 'an ack');
    expect(author.sent.slice(sentBefore)).toEqual([MessageType.batch]);
    author.provider.destroy();
  });

  it('hands notices to onNotice, and every kind after a reconnect; without it, asks for none', async () => {
    const chapter = await newChapter();
    const bookId = chapter.name.split('/', 1)[0]!;
    const indexDoc = { name: bookId, token: chapter.token };
    const notices: NoticeKind[] = [];
    const listening = openCounted(indexDoc, { onNotice: (kind) => notices.push(kind) });
    const stock = openCounted(indexDoc);
    await Promise.all([synced(listening.provider), synced(stock.provider)]);

    // Someone joins the book: its members changed.
    const { invite } = (await (await post(`/api/books/${bookId}/invites`, { role: 'reader' })).json()) as {
      invite: { code: string };
    };
    const joiner = await post('/api/auth/sign-up', {
      email: `joiner-${Date.now()}@test.invalid`,
      name: 'Joiner',
      password: 'correct horse battery',
    });
    await post(`/api/invites/${invite.code}/accept`, {}, joiner.headers.getSetCookie()[0]!.split(';', 1)[0]!);
    await until(() => notices.length === 1, 'the members notice');
    expect(notices).toEqual([NoticeKind.members]);
    expect(stock.received).not.toContain(MessageType.notice);

    listening.provider.disconnect();
    listening.provider.connect();
    await until(() => notices.length === 3, 'the notices a reconnect stands for');
    expect(notices.slice(1).sort()).toEqual([NoticeKind.notifications, NoticeKind.members].sort());
    listening.provider.destroy();
    stock.provider.destroy();
  });

  it("keeps a read-only member's edits on the device, and the server keeps the connection open", async () => {
    const chapter = await newChapter();
    const { token: readerToken } = await newMember(chapter.name.split('/', 1)[0]!, 'reader');
    const author = openCounted(chapter);
    author.provider.doc.getText('t').insert(0, 'by the author');
    await synced(author.provider);
    const reader = openCounted({ name: chapter.name, token: readerToken }, { canSendEdits: () => false });
    reader.provider.doc.getText('t').insert(0, 'offline note ');
    await synced(reader.provider);
    await until(() => reader.provider.doc.getText('t').toString().includes('by the author'), 'the text');
    reader.provider.doc.getText('t').insert(0, 'typed while reading ');

    // An in-order barrier: a fresh author syncing after the reader's frames has everything stored.
    const fresh = openCounted(chapter);
    await synced(fresh.provider);
    expect(fresh.provider.doc.getText('t').toString()).toBe('by the author');
    expect(reader.opened).toBe(1);
    expect(reader.provider.isSynced).toBe(true);
    for (const each of [author, reader, fresh]) each.provider.destroy();
  });

  it('stops on a close retrying cannot fix, and says so', async () => {
    const chapter = await newChapter();
    const bookId = chapter.name.split('/', 1)[0]!;
    const member = await newMember(bookId, 'author');
    const refusals: number[] = [];
    const removed = openCounted({ name: chapter.name, token: member.token });
    removed.provider.on('refused', ({ code }) => refusals.push(code));
    await synced(removed.provider);
    const response = await fetch(`${baseUrl}/api/books/${bookId}/members/${member.userId}`, {
      method: 'DELETE',
      headers: { cookie },
    });
    expect(response.status).toBe(204);
    await until(() => refusals.length === 1, 'the refusal');
    expect(refusals).toEqual([CloseCode.forbidden]);
    // Its backoff ceiling is 200 ms: a retry would have opened more sockets by now.
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(removed.opened).toBe(1);
    expect(removed.provider.isConnected).toBe(false);
    removed.provider.destroy();
  });

  it('converges with the server through random edits, disconnects and reconnects (seeded)', async () => {
    const step = fc.oneof(
      fc.record({
        kind: fc.constant('insert' as const),
        who: fc.nat(2),
        at: fc.nat(),
        text: fc.string({ minLength: 1, maxLength: 4 }),
      }),
      fc.record({ kind: fc.constant('delete' as const), who: fc.nat(2), at: fc.nat(), length: fc.nat(3) }),
      fc.record({ kind: fc.constant('disconnect' as const), who: fc.nat(2) }),
      fc.record({ kind: fc.constant('connect' as const), who: fc.nat(2) }),
      fc.record({ kind: fc.constant('wait' as const), ms: fc.nat(15) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 10, maxLength: 50 }), async (steps) => {
        const chapter = await newChapter();
        const authors = [openCounted(chapter), openCounted(chapter), openCounted(chapter)];
        await Promise.all(authors.map((author) => synced(author.provider)));
        for (const each of steps) {
          if (each.kind === 'wait') {
            await new Promise((resolve) => setTimeout(resolve, each.ms));
            continue;
          }
          const { provider } = authors[each.who]!;
          const text = provider.doc.getText('t');
          if (each.kind === 'insert') text.insert(each.at % (text.length + 1), each.text);
          else if (each.kind === 'delete' && text.length > 0) {
            const at = each.at % text.length;
            text.delete(at, Math.min(each.length, text.length - at));
          } else if (each.kind === 'disconnect') provider.disconnect();
          else if (each.kind === 'connect') provider.connect();
        }
        for (const author of authors) author.provider.connect();
        await Promise.all(authors.map((author) => synced(author.provider)));
        const texts = () => authors.map((author) => author.provider.doc.getText('t').toString());
        await until(() => new Set(texts()).size === 1, `convergence of ${JSON.stringify(texts())}`);
        const fresh = openCounted(chapter);
        await synced(fresh.provider);
        // A fresh client may sync before the last frames of the others are stored; wait for them.
        await until(
          () => fresh.provider.doc.getText('t').toString() === texts()[0],
          'the server to hold it all',
        );
        for (const each of [...authors, fresh]) each.provider.destroy();
      }),
      { numRuns: 8, seed: 20261207, endOnFailure: true },
    );
  }, 60_000);
});

import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MessageType, NoticeKind } from '@wethink/shared/client';
import { useWethinkExtensions } from '../src/collab/wethink-extensions';

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

afterAll(() => {
  child.kill('SIGTERM');
});

/** A provider on the wire we count: how many frames of which first byte arrive. */
function openCounted(
  { name: docName, token }: { name: string; token: string },
  onNotice?: (kind: NoticeKind) => void,
) {
  const received: number[] = [];
  const sent: number[] = [];
  class CountingSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      // y-websocket sets binaryType 'arraybuffer'.
      this.on('message', (data: ArrayBuffer) => received.push(new Uint8Array(data)[0]!));
    }
    override send(data: Parameters<WebSocket['send']>[0]): void {
      sent.push((data as Uint8Array)[0]!);
      super.send(data);
    }
  }
  const provider = new WebsocketProvider(syncUrl, docName, new Y.Doc(), {
    WebSocketPolyfill: CountingSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { token },
  });
  const channel = useWethinkExtensions(provider, () => true, onNotice);
  return { provider, channel, received, sent };
}

const synced = (provider: WebsocketProvider) =>
  new Promise<void>((resolve) => (provider.synced ? resolve() : provider.once('sync', () => resolve())));

async function until(check: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('useWethinkExtensions against the real server', () => {
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
    author.channel.send(Uint8Array.of(MessageType.saveRequest, 1));
    await until(() => author.received.includes(MessageType.saveAck), 'an ack');
    expect(author.sent.slice(sentBefore)).toEqual([MessageType.batch]);
    author.provider.destroy();
  });

  it('hands notices to onNotice, and every kind after a reconnect; without it, asks for none', async () => {
    const chapter = await newChapter();
    const bookId = chapter.name.split('/', 1)[0]!;
    const indexDoc = { name: bookId, token: chapter.token };
    const notices: NoticeKind[] = [];
    const listening = openCounted(indexDoc, (kind) => notices.push(kind));
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
});

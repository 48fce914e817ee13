import WebSocket from 'ws';
import * as Y from 'yjs';
import { WebsocketProvider } from 'y-websocket';
import { decodeMessage, type Message } from '@wethink/shared';
import type { TestMember } from './start-test-server';

/** What a provider needs of a test server: where to connect and a token to connect with. */
export interface TokenSource {
  syncUrl: string;
  tokenFor(name: string, member?: TestMember): Promise<string>;
}

/**
 * A stock y-websocket provider on its own Y.Doc, BroadcastChannel off so only the server syncs.
 * It connects once its connection token is minted (y-websocket reads `params` at each connect).
 */
export function connectProvider(
  server: TokenSource,
  docName: string,
  doc = new Y.Doc(),
  member?: TestMember,
): WebsocketProvider {
  const provider = new WebsocketProvider(server.syncUrl, docName, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    maxBackoffTime: 200,
    connect: false,
  });
  void server.tokenFor(docName, member).then((token) => {
    provider.params = { token };
    if (!provider.shouldConnect) provider.connect();
  });
  return provider;
}

export function untilSynced(provider: WebsocketProvider, timeoutMs = 5000): Promise<void> {
  if (provider.synced) return Promise.resolve();
  return withTimeout(
    new Promise<void>((resolve) => {
      const onSync = (isSynced: boolean): void => {
        if (!isSynced) return;
        provider.off('sync', onSync);
        resolve();
      };
      provider.on('sync', onSync);
    }),
    timeoutMs,
    'provider never synced',
  );
}

/** Polls `check` until it returns true; fails with `what` after the timeout. */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms: ${what}`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** A raw protocol client: sends bytes, records every decoded message and how the socket closed. */
export class RawClient {
  readonly messages: Message[] = [];
  closed: { code: number; reason: string } | null = null;
  private readonly listeners = new Set<() => void>();

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      this.messages.push(decodeMessage(new Uint8Array(data)));
      this.notify();
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.notify();
    });
    socket.on('error', () => {});
  }

  static async open(url: string, options: WebSocket.ClientOptions = {}): Promise<RawClient> {
    const socket = new WebSocket(url, options);
    const client = new RawClient(socket);
    await withTimeout(
      new Promise<void>((resolve, reject) => {
        socket.once('open', () => resolve());
        socket.once('unexpected-response', (_req, res) =>
          reject(new Error(`upgrade refused: ${res.statusCode}`)),
        );
        socket.once('error', reject);
      }),
      5000,
      `open ${url}`,
    );
    return client;
  }

  send(bytes: Uint8Array | Buffer | string): void {
    this.socket.send(bytes);
  }

  /** Resolves with the first recorded message matching `predicate` (already received or future). */
  nextMessage<T extends Message>(predicate: (m: Message) => m is T, timeoutMs?: number): Promise<T>;
  nextMessage(predicate: (m: Message) => boolean, timeoutMs?: number): Promise<Message>;
  nextMessage(predicate: (m: Message) => boolean, timeoutMs = 5000): Promise<Message> {
    return this.waitUntil(() => this.messages.find(predicate), timeoutMs, 'message');
  }

  /** Resolves with the close code and reason once the server closed the socket. */
  untilClosed(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    return this.waitUntil(() => this.closed ?? undefined, timeoutMs, 'close');
  }

  close(): void {
    this.socket.close();
  }

  private waitUntil<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const found = probe();
    if (found !== undefined) return Promise.resolve(found);
    let listener = (): void => {};
    return withTimeout(
      new Promise<T>((resolve) => {
        listener = () => {
          const value = probe();
          if (value !== undefined) resolve(value);
        };
        this.listeners.add(listener);
      }),
      timeoutMs,
      what,
    ).finally(() => this.listeners.delete(listener));
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

/** The HTTP status an upgrade is refused with (or 101 when it is accepted). */
export function upgradeStatus(url: string, headers: Record<string, string> = {}): Promise<number> {
  return withTimeout(
    new Promise<number>((resolve) => {
      const socket = new WebSocket(url, { headers });
      socket.once('unexpected-response', (_request, response) => {
        resolve(response.statusCode ?? 0);
        socket.terminate();
      });
      socket.once('open', () => {
        resolve(101);
        socket.terminate();
      });
      socket.once('error', () => {});
    }),
    5000,
    `upgrade ${url}`,
  );
}

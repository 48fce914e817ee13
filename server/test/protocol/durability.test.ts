import type { ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import {
  CloseCode,
  MessageType,
  SaveLevel,
  SyncStep,
  encodeSaveRequest,
  encodeSyncStep1,
  encodeUpdate,
  type DocName,
  type Message,
} from '@wethink/shared';
import { SqliteDocumentStore } from '../../src/storage/sqlite-store';
import { DelegatingStore } from '../storage/delegating-store';
import { spawnServer as spawnChild } from '../support/child-server';
import { RawClient, connectProvider, untilSynced, waitFor } from '../clients';
import {
  accountsInDataDir,
  makeTempDir,
  startTestServer,
  uniqueDocName,
  type TestServer,
} from '../start-test-server';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function track(provider: WebsocketProvider): WebsocketProvider {
  cleanups.push(() => provider.destroy());
  return provider;
}

async function storedText(file: string, name: string): Promise<string> {
  const store = SqliteDocumentStore.open(file);
  try {
    const { state, updates } = await store.load(name as DocName);
    const doc = new Y.Doc();
    if (state) Y.applyUpdate(doc, state);
    for (const update of updates) Y.applyUpdate(doc, update);
    return doc.getText('t').toString();
  } finally {
    await store.close();
  }
}

/** A server that unloads idle rooms at once, and a chapter written with `text` whose room has unloaded. */
async function unloadedChapter(text: string): Promise<{ server: TestServer; name: DocName }> {
  const server = await startTestServer({ ROOM_IDLE_MS: '50' });
  cleanups.push(() => server.stop());
  const name = uniqueDocName() as DocName;
  const author = connectProvider(server, name);
  await untilSynced(author);
  author.doc.getText('t').insert(0, text);
  await waitFor(() => server.registry.peek(name)?.doc.getText('t').toString() === text, 'server');
  author.destroy();
  await waitFor(() => server.registry.peek(name) === undefined, 'room to unload');
  return { server, name };
}

describe('restart', () => {
  it('keeps content across a graceful stop and start on the same data dir, closing clients with 1001', async () => {
    const dataDir = makeTempDir();
    let server: TestServer = await startTestServer({ DATA_DIR: dataDir });
    const name = uniqueDocName();
    const author = track(connectProvider(server, name));
    await untilSynced(author);
    const closes: number[] = [];
    author.on('connection-close', (event: { code: number } | null) => closes.push(event?.code ?? -1));
    author.doc.getText('t').insert(0, 'survives a restart');
    await waitFor(
      () =>
        server.registry
          .peek(name as DocName)
          ?.doc.getText('t')
          .toString() === 'survives a restart',
      'server',
    );
    author.shouldConnect = false;
    await server.stop();
    expect(closes).toContain(CloseCode.goingAway);

    server = await startTestServer({ DATA_DIR: dataDir });
    cleanups.push(() => server.stop());
    const reader = track(connectProvider(server, name));
    await untilSynced(reader);
    expect(reader.doc.getText('t').toString()).toBe('survives a restart');
  });

  it('reloads an idle room from storage after unloading it', async () => {
    const { server, name } = await unloadedChapter('unloaded and back');
    const { updates, state } = await server.store.load(name);
    expect(updates).toHaveLength(0); // the log was compacted into the state on unload
    expect(state).not.toBeNull();
    const reader = track(connectProvider(server, name));
    await untilSynced(reader);
    expect(reader.doc.getText('t').toString()).toBe('unloaded and back');
  });

  it('answers fresh clients of a compacted chapter from the stored bytes; the first write builds the live document', async () => {
    const { server, name } = await unloadedChapter('stored, compacted, served');
    const raw = await RawClient.open(await server.urlFor(name));
    cleanups.push(() => raw.close());
    raw.send(encodeSyncStep1(Y.encodeStateVector(new Y.Doc())));
    const isSync = (m: Message): m is Extract<Message, { type: typeof MessageType.sync }> =>
      m.type === MessageType.sync;
    const full = await raw.nextMessage(
      (m): m is Extract<Message, { update: Uint8Array }> => isSync(m) && m.step === SyncStep.step2,
    );
    // The answer came first: the server's own step 1 waits until the document is built.
    expect(raw.messages.filter(isSync)).toEqual([full]);
    const mirror = new Y.Doc();
    Y.applyUpdate(mirror, full.update);
    expect(mirror.getText('t').toString()).toBe('stored, compacted, served');
    const reader = track(connectProvider(server, name));
    await untilSynced(reader);
    expect(reader.doc.getText('t').toString()).toBe('stored, compacted, served');

    // A write makes the room build it: the step 1 then asks for anything the client holds beyond
    // the stored state, and the write reaches the reader and storage.
    const storedVector = Y.decodeStateVector(Y.encodeStateVector(mirror));
    mirror.on('update', (update: Uint8Array) => raw.send(encodeUpdate(update)));
    mirror.getText('t').insert(0, '» ');
    const step1 = await raw.nextMessage(
      (m): m is Extract<Message, { stateVector: Uint8Array }> => isSync(m) && m.step === SyncStep.step1,
    );
    expect(Y.decodeStateVector(step1.stateVector)).toEqual(storedVector);
    await waitFor(() => reader.doc.getText('t').toString() === '» stored, compacted, served', 'reader');
    // A later joiner's step 1 holds the document as it is now, not the vector sent at the build.
    const late = await RawClient.open(await server.urlFor(name));
    cleanups.push(() => late.close());
    const lateStep1 = await late.nextMessage(
      (m): m is Extract<Message, { stateVector: Uint8Array }> => isSync(m) && m.step === SyncStep.step1,
    );
    expect(Y.decodeStateVector(lateStep1.stateVector)).toEqual(
      Y.decodeStateVector(Y.encodeStateVector(mirror)),
    );
    await server.registry.peek(name)?.compact();
    const { state } = await server.store.load(name);
    const stored = new Y.Doc();
    Y.applyUpdate(stored, state!);
    expect(stored.getText('t').toString()).toBe('» stored, compacted, served');
  });
});

/** A real SQLite store whose loads fail while `isFailing` is set: a storage outage. */
class OutageStore extends DelegatingStore {
  isFailing = true;
  override load(name: DocName) {
    return this.isFailing ? Promise.reject(new Error('disk unavailable')) : this.inner.load(name);
  }
}

describe('a failed storage load', () => {
  it('closes with 4503, sends no sync and creates no room; the next attempt loads the stored document', async () => {
    const dataDir = makeTempDir();
    const file = path.join(dataDir, 'wethink.sqlite');
    const name = uniqueDocName() as DocName;
    {
      const seed = SqliteDocumentStore.open(file);
      const doc = new Y.Doc();
      doc.getText('t').insert(0, 'precious chapter');
      await seed.appendUpdates(name, [Y.encodeStateAsUpdate(doc)]);
      await seed.close();
    }
    const store = new OutageStore(SqliteDocumentStore.open(file));
    const server = await startTestServer({ DATA_DIR: dataDir }, { store });
    cleanups.push(() => server.stop());

    const raw = await RawClient.open(await server.urlFor(name));
    expect((await raw.untilClosed()).code).toBe(CloseCode.storageUnavailable);
    expect(raw.messages).toEqual([]);
    expect(server.registry.peek(name)).toBeUndefined();

    store.isFailing = false;
    const reader = track(connectProvider(server, name));
    await untilSynced(reader);
    expect(reader.doc.getText('t').toString()).toBe('precious chapter');
  });
});

/** A real SQLite store whose appends to one document fail while it is named: a write outage. */
class AppendOutageStore extends DelegatingStore {
  failingDoc: DocName | null = null;
  override async appendUpdates(name: DocName, updates: readonly Uint8Array[]) {
    if (name === this.failingDoc) throw new Error('disk full');
    return this.inner.appendUpdates(name, updates);
  }
}

/** The text a raw client got relayed so far. */
function relayedText(client: RawClient): string {
  const doc = new Y.Doc();
  for (const m of client.messages)
    if (m.type === MessageType.sync && 'update' in m) Y.applyUpdate(doc, m.update);
  return doc.getText('t').toString();
}

describe('a failed append', () => {
  it('closes the sender with 4503; other clients and rooms carry on, and what was acked stays', async () => {
    const dataDir = makeTempDir();
    const file = path.join(dataDir, 'wethink.sqlite');
    const store = new AppendOutageStore(SqliteDocumentStore.open(file));
    const server = await startTestServer({ DATA_DIR: dataDir }, { store });
    cleanups.push(() => server.stop());
    const [chapter, elsewhere] = [uniqueDocName() as DocName, uniqueDocName() as DocName];
    const open = async (name: DocName) => {
      const client = await RawClient.open(await server.urlFor(name));
      cleanups.push(() => client.close());
      await client.nextMessage((m) => m.type === MessageType.sync && m.step === SyncStep.step1);
      return client;
    };
    const [writer, watcher, other] = [await open(chapter), await open(chapter), await open(elsewhere)];
    const durable = (client: RawClient, requestId: number) =>
      client.nextMessage(
        (m) => m.type === MessageType.saveAck && m.requestId === requestId && m.level === SaveLevel.durable,
      );
    const typeInto = (client: RawClient, doc: Y.Doc, text: string, requestId: number) => {
      const before = Y.encodeStateVector(doc);
      doc.getText('t').insert(doc.getText('t').length, text);
      client.send(encodeUpdate(Y.encodeStateAsUpdate(doc, before)));
      client.send(encodeSaveRequest(requestId));
    };

    const writerDoc = new Y.Doc();
    typeInto(writer, writerDoc, 'acked ', 1);
    await durable(writer, 1);
    store.failingDoc = chapter;
    typeInto(writer, writerDoc, 'lost', 2);
    expect((await writer.untilClosed()).code).toBe(CloseCode.storageUnavailable);
    expect(writer.messages.some((m) => m.type === MessageType.saveAck && m.requestId === 2)).toBe(false);

    typeInto(other, new Y.Doc(), 'another room', 3);
    await durable(other, 3);
    store.failingDoc = null;
    const watcherDoc = new Y.Doc();
    Y.applyUpdate(watcherDoc, Y.encodeStateAsUpdate(server.registry.peek(chapter)!.doc));
    typeInto(watcher, watcherDoc, 'later', 4);
    await durable(watcher, 4);
    expect(watcher.closed).toBeNull();
    expect(relayedText(watcher)).toBe('acked ');
    expect(server.registry.peek(chapter)!.doc.getText('t').toString()).toBe('acked later');

    await server.stop();
    expect(await storedText(file, chapter)).toBe('acked later');
    expect(await storedText(file, elsewhere)).toBe('another room');
  });
});

describe('save acks', () => {
  it('answers a save request with received, then durable after the fsync', async () => {
    const server = await startTestServer();
    cleanups.push(() => server.stop());
    const name = uniqueDocName();
    const raw = await RawClient.open(await server.urlFor(name));
    cleanups.push(() => raw.close());
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'acked');
    raw.send(encodeUpdate(Y.encodeStateAsUpdate(doc)));
    raw.send(encodeSaveRequest(7));
    const isAck = (level: number) => (m: Message) =>
      m.type === MessageType.saveAck && m.requestId === 7 && m.level === level;
    await raw.nextMessage(isAck(SaveLevel.received));
    await raw.nextMessage(isAck(SaveLevel.durable));
    const kinds = raw.messages
      .filter((m) => m.type === MessageType.saveAck)
      .map((m) => (m as { level: number }).level);
    expect(kinds).toEqual([SaveLevel.received, SaveLevel.durable]);
  });

  it('never sends acks to a client that did not ask (stock clients stay unchanged)', async () => {
    const server = await startTestServer();
    cleanups.push(() => server.stop());
    const name = uniqueDocName();
    const raw = await RawClient.open(await server.urlFor(name));
    cleanups.push(() => raw.close());
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'no acks please');
    raw.send(encodeUpdate(Y.encodeStateAsUpdate(doc)));
    raw.send(Uint8Array.of(0, SyncStep.step1, 1, 0));
    await raw.nextMessage((m) => m.type === MessageType.sync && m.step === SyncStep.step2);
    expect(raw.messages.some((m) => m.type === MessageType.saveAck)).toBe(false);
  });
});

/** A child server on `dataDir` (see support/child-server.ts), killed when the test ends. */
async function spawnServer(dataDir: string): Promise<{ child: ChildProcess; port: number }> {
  const spawned = await spawnChild({ DATA_DIR: dataDir });
  cleanups.push(() => spawned.child.kill('SIGKILL'));
  return spawned;
}

describe('kill -9', () => {
  it('restarts with every update it acknowledged, when killed during an editing burst', async () => {
    const dataDir = makeTempDir();
    const name = uniqueDocName();
    const accounts = accountsInDataDir(dataDir);
    cleanups.push(accounts.close);
    const { child, port } = await spawnServer(dataDir);
    const raw = await RawClient.open(
      `ws://127.0.0.1:${port}/sync/${name}?token=${await accounts.tokenFor(name)}`,
    );
    await raw.nextMessage((m) => m.type === MessageType.sync && m.step === SyncStep.step1);

    const doc = new Y.Doc();
    const text = doc.getText('t');
    const acks = (level: 'received' | 'durable') =>
      raw.messages
        .filter((m) => m.type === MessageType.saveAck && m.level === SaveLevel[level])
        .map((m) => (m as { requestId: number }).requestId);

    // Send edits as fast as the socket takes them; kill mid-burst once some are durable.
    let sent = 0;
    doc.on('update', (update: Uint8Array) => {
      raw.send(encodeUpdate(update));
      raw.send(encodeSaveRequest(sent));
    });
    const burst = (async () => {
      while (!raw.closed && sent < 5000) {
        text.insert(text.length, `<${sent}>`);
        sent += 1;
        if (sent % 20 === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    await waitFor(() => acks('durable').length >= 50, 'some durable acks', 15_000);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    await burst;

    const survived = await storedText(path.join(dataDir, 'wethink.sqlite'), name);
    const durableIds = acks('durable');
    const receivedIds = acks('received');
    expect(durableIds.length).toBeGreaterThan(0);
    // Durable acks promise survival of a power cut; received acks (appended to the WAL) survive a process kill too.
    for (const id of [...durableIds, ...receivedIds]) expect(survived).toContain(`<${id}>`);

    const restarted = await spawnServer(dataDir);
    const syncUrl = `ws://127.0.0.1:${restarted.port}/sync`;
    const reader = track(connectProvider({ syncUrl, tokenFor: accounts.tokenFor }, name));
    await untilSynced(reader);
    expect(reader.doc.getText('t').toString()).toBe(survived);
  }, 60_000);
});

import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import {
  MessageType,
  SaveLevel,
  SyncStep,
  encodeSaveRequest,
  encodeUpdate,
  type DocName,
} from '@wethink/shared';
import { silentLogger } from '../../src/logger';
import { PostgresDocumentStore } from '../../src/storage/postgres-document-store';
import { openPostgres } from '../../src/storage/postgres/postgres-database';
import { RawClient, connectProvider, untilSynced, waitFor, type TokenSource } from '../clients';
import { accountsInDatabase, makeTempDir, startTestServer, uniqueDocName } from '../start-test-server';
import { spawnServer } from '../support/child-server';
import { createTestDatabase, startPrivatePostgres } from '../support/postgres';

const SECRET = 'durability-test-secret-of-forty-characters!';
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The chapter's text as PostgreSQL has it, read by a new connection as a new process would. */
async function storedText(databaseUrl: string, name: DocName): Promise<string> {
  const database = await openPostgres({ databaseUrl, logger: silentLogger });
  try {
    const stored = await new PostgresDocumentStore(database).load(name);
    const doc = new Y.Doc();
    if (stored.state) Y.applyUpdate(doc, stored.state);
    for (const update of stored.updates) Y.applyUpdate(doc, update);
    expect(doc.store.pendingStructs).toBeNull();
    return doc.getText('t').toString();
  } finally {
    await database.close();
  }
}

/**
 * A raw writer that types `<w:i>` (as fast as its socket takes it, or one every `paceMs`) until it
 * is closed or stopped, asking for a save ack after each keystroke; `acked` lists the keystrokes
 * the server said it stored ("received" or "durable").
 */
async function rawWriter(url: string, writer: number, paceMs = 0) {
  let isStopped = false;
  const raw = await RawClient.open(url);
  await raw.nextMessage((m) => m.type === MessageType.sync && m.step === SyncStep.step1);
  const doc = new Y.Doc();
  const text = doc.getText('t');
  let sent = 0;
  doc.on('update', (update: Uint8Array) => {
    raw.send(encodeUpdate(update));
    raw.send(encodeSaveRequest(sent));
  });
  const acked = (): string[] =>
    raw.messages
      .filter(
        (m) =>
          m.type === MessageType.saveAck && (m.level === SaveLevel.received || m.level === SaveLevel.durable),
      )
      .map((m) => `<${writer}:${(m as { requestId: number }).requestId}>`);
  const typing = (async () => {
    while (!raw.closed && !isStopped && sent < 3000) {
      text.insert(text.length, `<${writer}:${sent}>`);
      sent += 1;
      if (paceMs > 0 || sent % 10 === 0) await new Promise((resolve) => setTimeout(resolve, paceMs || 1));
    }
  })();
  return { raw, acked, typing, stop: () => (isStopped = true) };
}

describe('durability on PostgreSQL', () => {
  it('loses no acknowledged update when the server is killed -9 during a five-writer storm', async () => {
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const accounts = await accountsInDatabase(database.url, SECRET);
    cleanups.push(accounts.close);
    const env = {
      STORAGE: 'postgres',
      DATABASE_URL: database.url,
      AUTH_SECRET: SECRET,
      DATA_DIR: makeTempDir(),
    };
    const { child, port } = await spawnServer(env);
    cleanups.push(() => child.kill('SIGKILL'));
    const name = uniqueDocName() as DocName;
    const url = async (writer: number) =>
      `ws://127.0.0.1:${port}/sync/${name}?token=${await accounts.tokenFor(name, { user: `writer-${writer}` })}`;
    const writers = await Promise.all(
      [0, 1, 2, 3, 4].map(async (writer) => rawWriter(await url(writer), writer)),
    );
    const ackedCount = () => writers.reduce((sum, writer) => sum + writer.acked().length, 0);
    await waitFor(() => ackedCount() >= 200, 'some acknowledged keystrokes', 20_000);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    await Promise.all(writers.map((writer) => writer.typing));

    const survived = await storedText(database.url, name);
    const acked = writers.flatMap((writer) => writer.acked());
    expect(acked.length).toBeGreaterThanOrEqual(200);
    for (const keystroke of acked) expect(survived).toContain(keystroke);

    const restarted = await spawnServer(env);
    cleanups.push(() => restarted.child.kill('SIGKILL'));
    const source: TokenSource = {
      syncUrl: `ws://127.0.0.1:${restarted.port}/sync`,
      tokenFor: accounts.tokenFor,
    };
    const reader = connectProvider(source, name);
    cleanups.push(() => reader.destroy());
    await untilSynced(reader);
    expect(reader.doc.getText('t').toString()).toBe(survived);
  }, 60_000);

  it('acks nothing uncommitted while PostgreSQL is stopped for 10 s mid-storm, and everyone converges once it is back', async () => {
    const postgres = await startPrivatePostgres();
    cleanups.push(() => postgres.destroy());
    const server = await startTestServer({ STORAGE: 'postgres', DATABASE_URL: postgres.url });
    cleanups.push(() => server.stop());
    const name = uniqueDocName() as DocName;
    const typists: WebsocketProvider[] = [];
    for (let i = 0; i < 3; i++) {
      const provider = connectProvider(server, name, undefined, { user: `typist-${i}` });
      cleanups.push(() => provider.destroy());
      await untilSynced(provider);
      typists.push(provider);
    }
    let keystrokes = 0;
    const typing = setInterval(() => {
      const typist = typists[keystrokes % typists.length]!;
      const text = typist.doc.getText('t');
      text.insert(text.length, `[${keystrokes}]`);
      keystrokes += 1;
    }, 15);
    cleanups.push(() => clearInterval(typing));
    const saver = await rawWriter(await server.urlFor(name, { user: 'saver' }), 9, 5);

    await waitFor(() => saver.acked().length >= 50 && keystrokes >= 30, 'typing before the outage', 20_000);
    await postgres.stop();
    const typedBeforeOutage = keystrokes;
    await new Promise((resolve) => setTimeout(resolve, 10_000));
    expect(keystrokes).toBeGreaterThan(typedBeforeOutage); // people kept typing through it
    await postgres.start();
    await waitFor(() => keystrokes >= typedBeforeOutage + 700, 'typing after the outage', 20_000);
    clearInterval(typing);
    saver.stop();

    // Everyone's text, the outage's included, reaches the server and every other typist.
    const everything = (): string[] => {
      const expected = new Set<string>();
      for (const typist of typists)
        for (const mark of typist.doc
          .getText('t')
          .toString()
          .match(/\[\d+\]/g) ?? [])
          expected.add(mark);
      return [...expected];
    };
    await expect
      .poll(
        () => {
          const live = server.registry.peek(name)?.doc.getText('t').toString() ?? '';
          const texts = typists.map((typist) => typist.doc.getText('t').toString());
          return texts.every((text) => text === live) && everything().every((mark) => live.includes(mark))
            ? 'converged'
            : { live: live.length, texts: texts.map((text) => text.length) };
        },
        { timeout: 20_000, interval: 50 },
      )
      .toBe('converged');
    await saver.typing;
    const live = server.registry.peek(name)!.doc.getText('t').toString();
    const stored = await storedText(postgres.url, name);
    for (const mark of everything()) expect(stored).toContain(mark);
    // Nothing was said to be saved that PostgreSQL does not hold.
    for (const keystroke of saver.acked()) expect(stored).toContain(keystroke);
    expect(stored).toBe(live);
  }, 90_000);
});

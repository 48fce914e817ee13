import { MessageType, SyncStep } from '@wethink/shared';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { startServer } from '../../src/server';
import { MemoryDocumentStore } from '../../src/storage/memory-store';
import { silentLogger } from '../../src/logger';
import { RawClient, upgradeStatus } from '../clients';
import { ApiUser } from '../protocol/api-user';
import { startTestServer, testConfig, type TestServer } from '../start-test-server';
import {
  createTestDatabase,
  startPrivatePostgres,
  type PrivatePostgres,
  type TestDatabase,
} from '../support/postgres';

// The server with STORAGE=postgres for accounts. Documents stay in memory here: the document
// store on PostgreSQL has its own suites (test/storage, and the server suites' postgres project).

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
});

async function serverOn(databaseUrl: string): Promise<TestServer> {
  const server = await startTestServer(
    { STORAGE: 'postgres', DATABASE_URL: databaseUrl },
    { store: new MemoryDocumentStore() },
  );
  servers.push(server);
  return server;
}

describe('accounts on PostgreSQL', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('signs up, creates a book, invites and syncs, with sessions surviving a restart', async () => {
    const first = await serverOn(database.url);
    const owner = await ApiUser.signUp(first.url, 'Owner');
    const { book } = (await owner.json('POST', '/api/books', { title: 'On PostgreSQL' })) as {
      book: { id: string };
    };
    const { invite } = (await owner.json('POST', `/api/books/${book.id}/invites`, { role: 'author' })) as {
      invite: { code: string };
    };
    const author = await ApiUser.signUp(first.url, 'Author');
    await author.json('POST', `/api/invites/${invite.code}/accept`);
    const { token } = (await author.json('POST', `/api/books/${book.id}/connection-token`)) as {
      token: string;
    };
    const raw = await RawClient.open(`${first.syncUrl}/${book.id}/chapter-1?token=${token}`);
    await raw.nextMessage((m) => m.type === MessageType.sync && m.step === SyncStep.step1);
    raw.socket.terminate();

    await first.stop();
    servers.splice(servers.indexOf(first), 1);
    const second = await serverOn(database.url);
    const members = (await owner.at(second.url).json('GET', `/api/books/${book.id}/members`)) as {
      members: Array<{ name: string; role: string }>;
    };
    expect(members.members.map((m) => [m.name, m.role])).toEqual([
      ['Author', 'author'],
      ['Owner', 'owner'],
    ]);
  });

  it('gives a test server with STORAGE=postgres a database of its own when none is named', async () => {
    const server = await startTestServer({ STORAGE: 'postgres' }, { store: new MemoryDocumentStore() });
    servers.push(server);
    expect(server.config.postgres?.databaseUrl).toMatch(new RegExp(`/${inject('postgresDatabasePrefix')}`));
    const owner = await ApiUser.signUp(server.url, 'Owner');
    expect(await owner.json('GET', '/api/books')).toEqual({ books: [] });
  });
});

describe('accounts on a PostgreSQL that goes down', () => {
  let cluster: PrivatePostgres;
  beforeAll(async () => {
    cluster = await startPrivatePostgres();
  });
  afterEach(async () => {
    if (!cluster.isRunning()) await cluster.start(); // a failed test leaves the next one a database
  });
  afterAll(async () => {
    await cluster?.destroy();
  });

  it('answers 503 storage-unavailable while the database is down, and serves again once it is back', async () => {
    const server = await serverOn(cluster.url);
    const owner = await ApiUser.signUp(server.url, 'Owner');
    const { book } = (await owner.json('POST', '/api/books', { title: 'Kept' })) as { book: { id: string } };
    const { token } = (await owner.json('POST', `/api/books/${book.id}/connection-token`)) as {
      token: string;
    };
    const chapterUrl = `${server.syncUrl}/${book.id}/chapter-1?token=${token}`;

    await cluster.stop();
    const refused = await owner.request('GET', '/api/books');
    expect(refused.status).toBe(503);
    expect(await refused.json()).toEqual({
      error: { code: 'storage-unavailable', message: 'database unavailable' },
    });
    const signUp = await fetch(`${server.url}/api/auth/sign-up`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'late@test.invalid', name: 'Late', password: 'correct horse battery' }),
    });
    expect(signUp.status).toBe(503);
    expect(await upgradeStatus(chapterUrl)).toBe(503);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

    await cluster.start();
    expect(await owner.json('GET', '/api/books')).toMatchObject({ books: [{ id: book.id, title: 'Kept' }] });
    expect(await upgradeStatus(chapterUrl)).toBe(101);
  });

  it('fails to start with storage-unavailable while the database is down', async () => {
    await cluster.stop();
    await expect(
      startServer(testConfig({ STORAGE: 'postgres', DATABASE_URL: cluster.url }), {
        logger: silentLogger,
        store: new MemoryDocumentStore(),
      }),
    ).rejects.toMatchObject({ code: 'storage-unavailable' });
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Role } from '@wethink/shared';
import { loadConfig, type Config } from '../src/config';
import { silentLogger, type Logger } from '../src/logger';
import { createStore, openDatabase, startServer, type RunningServer } from '../src/server';
import type { DocumentStore } from '../src/storage/document-store';
import { AccountService } from '../src/accounts/account-service';
import type { AccountStore } from '../src/accounts/account-store';
import { SqliteAccountStore } from '../src/accounts/sqlite-account-store';
import { ConnectionTokens } from '../src/accounts/tokens';
import { createTestDatabase } from './support/postgres';
import { PostgresAccountStore } from '../src/accounts/postgres-account-store';
import { openPostgres } from '../src/storage/postgres/postgres-database';

/** Config as `main.ts` would build it, from env-style overrides; port 0 and a temp data dir by default. */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: makeTempDir(), LOG_LEVEL: 'silent', ...env });
}

export function makeTempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'wethink-test-'));
}

/** Who a test connection is: `user` names an account (created on first use), `role` its role in the book. */
export interface TestMember {
  user?: string;
  role?: Role;
}

export interface TestServer extends RunningServer {
  config: Config;
  /** `ws://host:port/sync`: y-websocket appends `/<doc name>`. */
  syncUrl: string;
  /**
   * A real connection token for the book of `name` (its first segment). The book, the user and the
   * membership are created on first use. Without `user`, every call is a new author: each
   * connection is its own principal, as separate people are.
   */
  tokenFor(name: string, member?: TestMember): Promise<string>;
  /** `ws://…/sync/<name>?token=…`, for raw clients. */
  urlFor(name: string, member?: TestMember): Promise<string>;
}

/**
 * Which storage the server suites run on: SQLite files by default; PostgreSQL when the vitest
 * project sets WETHINK_TEST_STORAGE=postgres (vitest.config.ts runs the server's suites on both).
 */
export const isOnPostgres = process.env.WETHINK_TEST_STORAGE === 'postgres';

/** The test database of each data dir: a server restarted on the same data dir finds its data. */
const databaseOfDataDir = new Map<string, string>();

/**
 * A real server on a free port with real storage (a SQLite file, a PostgreSQL database, or the
 * given store), with real auth. On PostgreSQL without a `DATABASE_URL`, the server gets a fresh
 * test database, or the one it had on the same `DATA_DIR` (dropped when the test run ends).
 */
export async function startTestServer(
  env: Record<string, string> = {},
  deps: { logger?: Logger; store?: DocumentStore } = {},
): Promise<TestServer> {
  const storage = env.STORAGE ?? (isOnPostgres && !deps.store ? 'postgres' : undefined);
  let config: Config;
  if (storage === 'postgres' && env.DATABASE_URL === undefined) {
    const known = env.DATA_DIR === undefined ? undefined : databaseOfDataDir.get(env.DATA_DIR);
    const url = known ?? (await createTestDatabase()).url;
    config = testConfig({ ...env, STORAGE: 'postgres', DATABASE_URL: url });
    databaseOfDataDir.set(config.dataDir, url);
  } else {
    config = testConfig(env);
  }
  const server = await startServer(config, {
    logger: deps.logger ?? silentLogger,
    ...(deps.store ? { store: deps.store } : {}),
  });
  const syncUrl = `ws://127.0.0.1:${server.port}/sync`;
  const tokenFor = tokenMinter(server.accounts, server.accountStore);
  return {
    ...server,
    config,
    syncUrl,
    tokenFor,
    urlFor: async (name, member) => `${syncUrl}/${name}?token=${await tokenFor(name, member)}`,
  };
}

/**
 * The documents a stopped server left, opened afresh as a new process would: its SQLite file, or
 * a new connection to its PostgreSQL database. Close it when done.
 */
export async function reopenDocuments(
  config: Config,
): Promise<{ store: DocumentStore; close: () => Promise<void> }> {
  const postgres = await openDatabase(config, silentLogger);
  const store = createStore(config, postgres);
  return {
    store,
    close: async () => {
      await store.close();
      await postgres?.close();
    },
  };
}

function tokenMinter(accounts: AccountService, store: AccountStore) {
  return async (name: string, member: TestMember = {}): Promise<string> => {
    const userId = await ensureMember(store, name, member);
    return (await accounts.mintConnectionToken(userId, name.split('/', 1)[0]!)).token;
  };
}

/**
 * Accounts of a server that runs in another process on `dataDir`: the same SQLite file and token
 * secret, so tokens minted here are the server's own. Open it before the server starts.
 */
export function accountsInDataDir(dataDir: string): {
  tokenFor: TestServer['tokenFor'];
  close: () => Promise<void>;
} {
  const store = SqliteAccountStore.open(path.join(dataDir, 'accounts.sqlite'));
  const tokens = ConnectionTokens.fromEnvironment({ secret: undefined, dataDir });
  return { tokenFor: tokenMinter(new AccountService({ store, tokens }), store), close: () => store.close() };
}

/**
 * Accounts of a server that runs in another process on PostgreSQL at `databaseUrl`, signing
 * connection tokens with `secret` (give the server the same `AUTH_SECRET`).
 */
export async function accountsInDatabase(
  databaseUrl: string,
  secret: string,
): Promise<{ tokenFor: TestServer['tokenFor']; close: () => Promise<void> }> {
  const database = await openPostgres({ databaseUrl, logger: silentLogger });
  const store = new PostgresAccountStore(database);
  const tokens = ConnectionTokens.fromEnvironment({ secret, dataDir: null });
  return {
    tokenFor: tokenMinter(new AccountService({ store, tokens }), store),
    close: () => database.close(),
  };
}

let anonymousCounter = 0;

/** Creates (once) the book owner, the book, the user and the membership; returns the user id. */
export async function ensureMember(
  store: AccountStore,
  name: string,
  member: TestMember = {},
): Promise<string> {
  const bookId = name.split('/', 1)[0]!;
  const owner = await ensureUser(store, 'owner');
  await store.createBook({ id: bookId, title: bookId, createdAt: Date.now() }, owner); // false: exists
  const userId = await ensureUser(store, member.user ?? `author-${process.pid}-${++anonymousCounter}`);
  const role = member.role ?? Role.author;
  if ((await store.roleOf(bookId, userId)) !== role) await store.setRole(bookId, userId, role);
  return userId;
}

async function ensureUser(store: AccountStore, handle: string): Promise<string> {
  const id = `u_${handle}`;
  await store.createUser({
    id,
    email: `${handle}@test.invalid`,
    name: handle,
    color: '#1971c2',
    passwordHash: 'not-a-hash: test users sign in with tokens',
    createdAt: Date.now(),
  });
  return id;
}

let docCounter = 0;
/** A document name no other test uses. */
export function uniqueDocName(prefix = 'book'): string {
  docCounter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${docCounter}/chapter-1`;
}

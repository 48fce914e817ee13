import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { serverRoot } from './server-root';
import { maskPassword } from './storage/postgres/postgres-url';

const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);

/** Every setting, its default, and its bounds. README's configuration table mirrors this. */
const schema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: int(0, 65535).default(1234),
  DATA_DIR: z.string().min(1).default('./data'),
  STORAGE: z.enum(['sqlite', 'memory', 'postgres']).default('sqlite'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/./, 'a postgres:// or postgresql:// URL')
    .optional(),
  DATABASE_POOL_SIZE: int(1, 1000).default(10),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/./, 'a redis:// or rediss:// URL')
    .optional(),
  INSTANCE_ID: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, . _ - (at most 64)')
    .optional(),
  HEAD_CHECK_MS: int(50, 60_000).default(1000),
  TRUST_PROXY: z.stringbool().default(false),
  CLIENT_DIST: z.string().min(1).default(path.resolve(serverRoot, '../client/dist')),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_PRETTY: z.stringbool().default(false),
  MAX_MESSAGE_BYTES: int(1024, 256 * 1024 * 1024).default(10 * 1024 * 1024),
  MAX_BUFFERED_BYTES: int(64 * 1024).default(4 * 1024 * 1024),
  ROOM_IDLE_MS: int(0).default(10_000),
  COMPACT_AFTER_UPDATES: int(1).default(1000),
  COMPACT_QUIET_MS: int(0).default(2000),
  GROUP_COMMIT_MS: int(0, 1000).default(2),
  HEARTBEAT_MS: int(1000).default(30_000),
  MAX_AWARENESS_CLIENTS_PER_PEER: int(1, 64).default(4),
  MAX_AWARENESS_STATE_BYTES: int(64, 1024 * 1024).default(16 * 1024),
  AWARENESS_MESSAGES_PER_SEC: int(1).default(200),
  AUTH_SECRET: z.string().min(32, 'at least 32 characters').optional(),
  SECURE_COOKIES: z.stringbool().default(false),
  SIGN_IN_PER_MINUTE: int(1).default(10),
  SIGN_UP_PER_MINUTE: int(1).default(20),
  COMMENT_WRITES_PER_MINUTE: int(1).default(120),
  VERSION_QUIET_MS: int(1).default(60_000),
  VERSION_MAX_WAIT_MS: int(1).default(15 * 60_000),
  CONTRIBUTION_FLUSH_MS: int(1, 60_000).default(1000),
  WRITING_SESSION_GAP_MS: int(60_000).default(30 * 60_000),
});

export type Config = Readonly<{
  host: string;
  port: number;
  dataDir: string;
  storage: Storage;
  /** Set exactly when `storage` is postgres. */
  postgres: PostgresSettings | null;
  /** Set when several instances serve the same database (REDIS_URL). */
  cluster: ClusterSettings | null;
  clientDist: string;
  /** Behind a load balancer: client addresses come from X-Forwarded-For. */
  trustProxy: boolean;
  logLevel: z.infer<typeof schema>['LOG_LEVEL'];
  logPretty: boolean;
  limits: RoomLimits;
  roomIdleMs: number;
  compactAfterUpdates: number;
  compactQuietMs: number;
  groupCommitMs: number;
  heartbeatMs: number;
  auth: AuthConfig;
  history: HistorySettings;
}>;

export type Storage = 'sqlite' | 'memory' | 'postgres';

export type PostgresSettings = Readonly<{
  databaseUrl: string;
  /** Connections per server process. */
  poolSize: number;
}>;

export type ClusterSettings = Readonly<{
  redisUrl: string;
  /** Names this process to the others (its stream entries, its cursors, its liveness key). */
  instanceId: string;
  /** How often each loaded chapter's head is compared with what this instance holds. */
  headCheckMs: number;
}>;

export type HistorySettings = Readonly<{
  /** An automatic version is taken once a chapter saw no edit for this long… */
  versionQuietMs: number;
  /** …or after this long of uninterrupted editing. */
  versionMaxWaitMs: number;
  /** Contribution counts are buffered in memory and written at most this often. */
  contributionFlushMs: number;
  /** A pause longer than this starts a new writing session. */
  writingSessionGapMs: number;
}>;

export type AuthConfig = Readonly<{
  /** Signs connection tokens; unset: a secret generated once and kept in the data dir. */
  secret: string | undefined;
  /** Session cookies only over HTTPS (set behind a TLS proxy). */
  secureCookies: boolean;
  signInPerMinute: number;
  /** Each sign-up costs a password hash (~0.1 s of CPU): capped per client address. */
  signUpPerMinute: number;
  /** Comment writes (new, reply, edit, delete, resolve, rounds) per signed-in user per minute. */
  commentWritesPerMinute: number;
}>;

export type RoomLimits = Readonly<{
  maxMessageBytes: number;
  maxBufferedBytes: number;
  maxAwarenessClientsPerPeer: number;
  maxAwarenessStateBytes: number;
  awarenessMessagesPerSec: number;
}>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses the environment once. Lists every bad variable, not just the first. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const present = Object.fromEntries(
    Object.keys(schema.shape).flatMap((key) =>
      env[key] === undefined || env[key] === '' ? [] : [[key, env[key]]],
    ),
  );
  const parsed = schema.safeParse(present);
  const lines = parsed.success
    ? []
    : parsed.error.issues.map(
        (issue) => `  ${issue.path.join('.')}=${shown(present, String(issue.path[0]))}: ${issue.message}`,
      );
  // A rule across variables: checked beside the schema's, so every bad variable is still listed.
  if (present.STORAGE === 'postgres' && present.DATABASE_URL === undefined) {
    lines.push('  DATABASE_URL: required when STORAGE=postgres');
  }
  if (present.REDIS_URL !== undefined) {
    // Several instances share one truth (PostgreSQL) and must accept each other's tokens.
    if (present.STORAGE !== 'postgres')
      lines.push('  REDIS_URL: needs STORAGE=postgres (instances share one database)');
    if (present.AUTH_SECRET === undefined)
      lines.push('  AUTH_SECRET: required with REDIS_URL (every instance must accept every session)');
  }
  if (!parsed.success || lines.length > 0) {
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return Object.freeze({
    host: e.HOST,
    port: e.PORT,
    dataDir: path.resolve(e.DATA_DIR),
    storage: e.STORAGE,
    postgres:
      e.STORAGE === 'postgres' && e.DATABASE_URL
        ? Object.freeze({ databaseUrl: e.DATABASE_URL, poolSize: e.DATABASE_POOL_SIZE })
        : null,
    cluster: e.REDIS_URL
      ? Object.freeze({
          redisUrl: e.REDIS_URL,
          instanceId: e.INSTANCE_ID ?? `${os.hostname()}-${process.pid}`,
          headCheckMs: e.HEAD_CHECK_MS,
        })
      : null,
    clientDist: path.resolve(e.CLIENT_DIST),
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    logPretty: e.LOG_PRETTY,
    limits: Object.freeze({
      maxMessageBytes: e.MAX_MESSAGE_BYTES,
      maxBufferedBytes: e.MAX_BUFFERED_BYTES,
      maxAwarenessClientsPerPeer: e.MAX_AWARENESS_CLIENTS_PER_PEER,
      maxAwarenessStateBytes: e.MAX_AWARENESS_STATE_BYTES,
      awarenessMessagesPerSec: e.AWARENESS_MESSAGES_PER_SEC,
    }),
    roomIdleMs: e.ROOM_IDLE_MS,
    compactAfterUpdates: e.COMPACT_AFTER_UPDATES,
    compactQuietMs: e.COMPACT_QUIET_MS,
    groupCommitMs: e.GROUP_COMMIT_MS,
    heartbeatMs: e.HEARTBEAT_MS,
    auth: Object.freeze({
      secret: e.AUTH_SECRET,
      secureCookies: e.SECURE_COOKIES,
      signInPerMinute: e.SIGN_IN_PER_MINUTE,
      signUpPerMinute: e.SIGN_UP_PER_MINUTE,
      commentWritesPerMinute: e.COMMENT_WRITES_PER_MINUTE,
    }),
    history: Object.freeze({
      versionQuietMs: e.VERSION_QUIET_MS,
      versionMaxWaitMs: e.VERSION_MAX_WAIT_MS,
      contributionFlushMs: e.CONTRIBUTION_FLUSH_MS,
      writingSessionGapMs: e.WRITING_SESSION_GAP_MS,
    }),
  });
}

/** A variable's value as an error shows it; a database URL's password is masked. */
function shown(present: Record<string, string | undefined>, key: string): string {
  const value = present[key];
  if ((key !== 'DATABASE_URL' && key !== 'REDIS_URL') || value === undefined) return JSON.stringify(value);
  return JSON.stringify(maskPassword(value));
}

import pg from 'pg';
import type { Logger } from '../../logger';
import { migratePostgres } from './postgres-migrations';
import { toStorageError } from './postgres-errors';

/** What both the database and an open transaction answer: one SQL statement with `$n` values. */
export interface Queryable {
  query<R extends pg.QueryResultRow = Record<string, unknown>>(
    text: string,
    values?: readonly unknown[],
  ): Promise<pg.QueryResult<R>>;
}

export const IsolationLevel = {
  readCommitted: 'READ COMMITTED',
  repeatableRead: 'REPEATABLE READ',
  serializable: 'SERIALIZABLE',
} as const;
export type IsolationLevel = (typeof IsolationLevel)[keyof typeof IsolationLevel];

export interface TransactionOptions {
  /** PostgreSQL's default, READ COMMITTED, when unset. */
  isolationLevel?: IsolationLevel;
}

/**
 * One PostgreSQL database behind a connection pool, its schema migrated. The pool is the one owner
 * of connections: `query` borrows one per statement, `transaction` one for the whole transaction.
 *
 * Errors: an unreachable database (refused, dropped, shutting down) rejects with
 * `AppError('storage-unavailable')` carrying the driver's error as `cause`; every other error
 * (constraint, syntax) is the driver's own. int8 columns (and COUNT) come back as JS numbers: every
 * int8 we keep (ms times, ids, counts, sequence numbers) stays far below 2^53.
 */
export interface PostgresDatabase extends Queryable {
  /**
   * Runs `fn` inside BEGIN … COMMIT on one connection, and ROLLBACK when it throws (its error is
   * rethrown). A COMMIT that fails for lack of a connection rejects with `storage-unavailable`; its
   * outcome is then unknown, so a caller must not report the write as saved.
   */
  transaction<T>(fn: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /**
   * The pool itself, for what a statement or a transaction can't do (LISTEN on a dedicated
   * client). Release every client you check out; never end it (that is `close`).
   */
  readonly pool: pg.Pool;
  /** Waits for checked-out clients to be released, then closes every connection. Idempotent. */
  close(): Promise<void>;
}

export interface PostgresOptions {
  databaseUrl: string;
  logger: Logger;
  /** Connections at most (pg's default is 10). */
  poolSize?: number;
  /** How long a checkout waits for a connection before failing as `storage-unavailable`. */
  connectTimeoutMs?: number;
}

const INT8_OID = 20;
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === INT8_OID && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
};

/** Connects, migrates the schema (see postgres-migrations.ts) and returns the database. */
export async function openPostgres(options: PostgresOptions): Promise<PostgresDatabase> {
  const { logger } = options;
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    application_name: 'wethink',
    types,
  });
  // An idle client whose server goes away emits 'error' on the pool; unheard, it would crash the
  // process. The next checkout gets a fresh connection (or fails as storage-unavailable).
  pool.on('error', (error) => logger.warn({ err: error }, 'idle database connection lost'));
  try {
    await migratePostgres({ pool, logger });
  } catch (error) {
    await pool.end();
    throw toStorageError(error);
  }
  return createPostgresDatabase(pool);
}

function createPostgresDatabase(pool: pg.Pool): PostgresDatabase {
  let closing: Promise<void> | null = null;
  return {
    pool,
    async query(text, values) {
      try {
        return await pool.query(text, values as unknown[] | undefined);
      } catch (error) {
        throw toStorageError(error);
      }
    },
    async transaction(fn, options = {}) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw toStorageError(error);
      }
      let broken: Error | undefined;
      try {
        await client.query(`BEGIN ISOLATION LEVEL ${options.isolationLevel ?? IsolationLevel.readCommitted}`);
        const result = await fn(guarded(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch((rollbackError: Error) => {
          // The connection is gone or wedged: destroy it rather than return it to the pool.
          broken = rollbackError;
        });
        throw toStorageError(error);
      } finally {
        client.release(broken);
      }
    },
    close() {
      closing ??= pool.end();
      return closing;
    },
  };
}

/** A transaction's client seen as a `Queryable`, with the same error mapping as the database. */
function guarded(client: pg.PoolClient): Queryable {
  return {
    async query(text, values) {
      try {
        return await client.query(text, values as unknown[] | undefined);
      } catch (error) {
        throw toStorageError(error);
      }
    },
  };
}

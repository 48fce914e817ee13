import path from 'node:path';
import { runner } from 'node-pg-migrate';
import type pg from 'pg';
import type { Logger } from '../../logger';
import { migrationsRoot } from '../../server-root';

/**
 * `NNNN-name.sql` files, applied in number order, each once. Accounts use 0001-0099, documents
 * 0100 on. Each file holds `-- Up Migration` (and optionally `-- Down Migration`) sections.
 */
export const postgresMigrationsDir = path.join(migrationsRoot, 'postgres');

/** node-pg-migrate's bookkeeping table: which files ran, when. */
export const MIGRATIONS_TABLE = 'pgmigrations';

/**
 * Brings the schema up to date. Several instances starting at once are safe: node-pg-migrate
 * holds an advisory lock for the run, and with `advisoryLockMode: 'wait'` a second instance
 * waits for the first and then finds nothing to do. All pending files run in one transaction.
 * Returns the names of the files applied.
 */
export async function migratePostgres(deps: {
  pool: pg.Pool;
  logger: Logger;
  dir?: string;
}): Promise<string[]> {
  const client = await deps.pool.connect();
  let isClean = false;
  try {
    const applied = await runner({
      dbClient: client,
      dir: deps.dir ?? postgresMigrationsDir,
      migrationsTable: MIGRATIONS_TABLE,
      direction: 'up',
      singleTransaction: true,
      checkOrder: true,
      advisoryLockMode: 'wait',
      logger: migrationLogger(deps.logger),
    });
    isClean = true;
    for (const { name } of applied) deps.logger.info({ migration: name }, 'postgres migration applied');
    return applied.map(({ name }) => name);
  } finally {
    // The migration lock is a session-level advisory lock: a client that failed mid-run might still
    // hold it, and must not go back to the pool where any later checkout would inherit it.
    client.release(isClean ? undefined : true);
  }
}

/** node-pg-migrate logs its progress as free text: keep it at debug, out of the main log. */
function migrationLogger(logger: Logger) {
  const at = (level: 'debug' | 'warn' | 'error') => (message: string) =>
    logger[level]({ detail: message }, 'node-pg-migrate');
  return { debug: at('debug'), info: at('debug'), warn: at('warn'), error: at('error') };
}

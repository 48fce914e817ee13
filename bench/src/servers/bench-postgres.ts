import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Databases for `wethink-postgres` runs: one per data dir (a restart within a run finds its data),
 * on `BENCH_DATABASE_URL`'s server or the machine's PostgreSQL on 127.0.0.1:5432, dropped when
 * the bench ends. The PostgreSQL server runs unpinned beside the pinned server and generator.
 */
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const databases = new Map<string, string>();

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The database of `dataDir`, created on first use; throws a clear error when no server answers. */
export async function benchDatabaseFor(dataDir: string): Promise<string> {
  const known = databases.get(dataDir);
  if (known) return known;
  const name = `wethink_bench_${randomBytes(6).toString('hex')}`;
  try {
    await withAdmin((admin) => admin.query(`CREATE DATABASE ${name}`));
  } catch (error) {
    throw new Error(
      `no PostgreSQL for wethink-postgres at ${new URL(adminUrl).host} (set BENCH_DATABASE_URL)`,
      {
        cause: error,
      },
    );
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  databases.set(dataDir, url.toString());
  return url.toString();
}

/** Transactions committed in `databaseUrl`'s database so far (pg_stat_database; it lags up to ~0.5 s). */
export async function committedTransactions(databaseUrl: string): Promise<number> {
  const name = new URL(databaseUrl).pathname.slice(1);
  return withAdmin(async (admin) => {
    await admin.query('SELECT pg_stat_clear_snapshot()');
    const result = await admin.query('SELECT xact_commit FROM pg_stat_database WHERE datname = $1', [name]);
    return Number(result.rows[0]?.xact_commit ?? 0);
  });
}

/** Drops every database this bench created. */
export async function dropBenchDatabases(): Promise<void> {
  if (databases.size === 0) return;
  await withAdmin(async (admin) => {
    for (const url of databases.values()) {
      await admin.query(`DROP DATABASE IF EXISTS ${new URL(url).pathname.slice(1)} WITH (FORCE)`);
    }
  });
  databases.clear();
}

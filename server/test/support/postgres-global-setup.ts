import type { TestProject } from 'vitest/node';
import {
  dropTestDatabases,
  isPostgresAnswering,
  newRunPrefix,
  SHARED_POSTGRES_URL,
  startPrivatePostgres,
} from './postgres';

/**
 * Resolves the tests' PostgreSQL once per run and provides its admin URL as `postgresAdminUrl`:
 * DATABASE_URL when set, else the machine's server on 127.0.0.1:5432 when it answers, else a
 * private cluster (Debian's `postgresql`, installed when missing) stopped and deleted at the end.
 * `TEST_POSTGRES=private` skips the first two: the fresh-machine path, on any machine.
 * At the end, the run's own test databases still there are dropped.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const prefix = newRunPrefix();
  project.provide('postgresDatabasePrefix', prefix);
  const adminUrl = await runningServerUrl();
  if (adminUrl) {
    project.provide('postgresAdminUrl', adminUrl);
    return () => dropTestDatabases(adminUrl, prefix);
  }
  const cluster = await startPrivatePostgres();
  project.provide('postgresAdminUrl', cluster.url);
  return () => cluster.destroy();
}

/** A server that is already there for the tests, or null when they need their own cluster. */
async function runningServerUrl(): Promise<string | null> {
  if (process.env.TEST_POSTGRES === 'private') return null;
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  return (await isPostgresAnswering(SHARED_POSTGRES_URL)) ? SHARED_POSTGRES_URL : null;
}

import type { TestProject } from 'vitest/node';
import { isPostgresAnswering, SHARED_POSTGRES_URL, startPrivatePostgres } from './postgres';

/**
 * Resolves the tests' PostgreSQL once per run and provides its admin URL as `postgresAdminUrl`:
 * DATABASE_URL when set, else the machine's server on 127.0.0.1:5432 when it answers, else a
 * private cluster (Debian's `postgresql`, installed when missing) stopped and deleted at the end.
 * `TEST_POSTGRES=private` skips the first two: the fresh-machine path, on any machine.
 */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const isPrivateAsked = process.env.TEST_POSTGRES === 'private';
  const configured = process.env.DATABASE_URL;
  if (configured && !isPrivateAsked) {
    project.provide('postgresAdminUrl', configured);
    return undefined;
  }
  if (!isPrivateAsked && (await isPostgresAnswering(SHARED_POSTGRES_URL))) {
    project.provide('postgresAdminUrl', SHARED_POSTGRES_URL);
    return undefined;
  }
  const cluster = await startPrivatePostgres();
  project.provide('postgresAdminUrl', cluster.url);
  return () => cluster.destroy();
}

import {
  createTestDatabase,
  isPostgresAnswering,
  newRunPrefix,
  SHARED_POSTGRES_URL,
  startPrivatePostgres,
} from './postgres';

/**
 * A PostgreSQL database for the end-to-end smoke spec on PostgreSQL, held for as long as this
 * process runs (scripts/test.sh starts it beside the test run and ends it after): DATABASE_URL's
 * server, else the machine's on 127.0.0.1:5432, else a private cluster (Debian's `postgresql`,
 * installed when missing). Prints `DATABASE_URL=<url>` once the database exists; on SIGTERM or
 * SIGINT drops it (or deletes the private cluster) and exits.
 */
const shared =
  process.env.DATABASE_URL ?? ((await isPostgresAnswering(SHARED_POSTGRES_URL)) ? SHARED_POSTGRES_URL : null);
const cluster = shared ? null : await startPrivatePostgres();
const database = await createTestDatabase(shared ?? cluster!.url, newRunPrefix());
process.stdout.write(`DATABASE_URL=${database.url}\n`);

let isEnding = false;
const end = async (): Promise<void> => {
  if (isEnding) return;
  isEnding = true;
  await database.drop().catch(() => undefined);
  await cluster?.destroy();
  process.exit(0);
};
process.on('SIGTERM', () => void end());
process.on('SIGINT', () => void end());
setInterval(() => {}, 60_000);

// Hocuspocus 3 as documented: in memory, or with @hocuspocus/extension-sqlite when
// HOCUSPOCUS_SQLITE names a database file. Default debounce, unload and signal handling.
import type { Extension } from '@hocuspocus/server';
import { Server } from '@hocuspocus/server';

const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port <= 0)
  throw new RangeError(`PORT must be a port number, got ${process.env.PORT}`);
const host = process.env.HOST ?? '127.0.0.1';
const sqlitePath = process.env.HOCUSPOCUS_SQLITE;

async function sqliteExtension(database: string): Promise<Extension> {
  try {
    const { SQLite } = await import('@hocuspocus/extension-sqlite');
    return new SQLite({ database });
  } catch (error) {
    // The native sqlite3 module is built by hand: pnpm skips its install script.
    throw new Error(
      'cannot load @hocuspocus/extension-sqlite; run `pnpm --filter @wethink/bench build:sqlite3`',
      {
        cause: error,
      },
    );
  }
}

const server = new Server({
  port,
  address: host,
  quiet: true,
  extensions: sqlitePath ? [await sqliteExtension(sqlitePath)] : [],
});
await server.listen();
console.log(`hocuspocus ready on ${host}:${port}`);

// Hocuspocus 3 as documented: in memory, or with @hocuspocus/extension-sqlite when
// HOCUSPOCUS_SQLITE names a database file. Default debounce, unload and signal handling.
import { SQLite } from '@hocuspocus/extension-sqlite';
import { Server } from '@hocuspocus/server';

const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port <= 0)
  throw new RangeError(`PORT must be a port number, got ${process.env.PORT}`);
const host = process.env.HOST ?? '127.0.0.1';
const sqlitePath = process.env.HOCUSPOCUS_SQLITE;

const server = new Server({
  port,
  address: host,
  quiet: true,
  extensions: sqlitePath ? [new SQLite({ database: sqlitePath })] : [],
});
await server.listen();
console.log(`hocuspocus ready on ${host}:${port}`);

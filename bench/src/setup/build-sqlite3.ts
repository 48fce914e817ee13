// `pnpm --filter @wethink/bench build:sqlite3`: builds the native sqlite3 module behind
// @hocuspocus/extension-sqlite now, rather than at the start of the next `pnpm bench`.
import { buildSqlite3 } from './sqlite3-binding';

buildSqlite3((line) => console.log(line)).then(
  () => console.log('sqlite3 built'),
  (error: unknown) => {
    console.error(`sqlite3 build failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);

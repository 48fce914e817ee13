/**
 * RSS, heap and external memory while 1,000 chapters × 2 clients come and go (not a test; run by
 * hand): cd server && node --import tsx test/measure/memory-release.ts [sqlite|memory] [no-trim]
 * Clients run in a child process (stock-clients.ts); rooms unload 10 s after the last
 * client leaves, then the memory reclaimer collects. Prints every 3 s for 30 s after they left.
 */
import { loadConfig } from '../../src/config';
import { silentLogger } from '../../src/logger';
import { startServer } from '../../src/server';
import { createServerMemoryReclaimer } from '../../src/memory-reclaimer';
import { ensureMember, makeTempDir } from '../start-test-server';
import { rssBreakdown } from './rss-breakdown';
import { openStockClients } from './stock-clients';

const storage = process.argv[2] ?? 'sqlite';
// `no-trim`: the reclaimer collects but leaves glibc's free pages where they are (for an A/B).
const isTrimmed = process.argv[3] !== 'no-trim';
const config = loadConfig({
  PORT: '0',
  HOST: '127.0.0.1',
  DATA_DIR: makeTempDir(),
  LOG_LEVEL: 'silent',
  STORAGE: storage,
  ROOM_IDLE_MS: '10000',
});
const server = await startServer(config, {
  logger: silentLogger,
  onRoomUnloaded: createServerMemoryReclaimer(() => server, isTrimmed ? {} : { trimNativeHeap: () => {} }),
});
const mem = () => {
  const m = process.memoryUsage();
  return `rss ${(m.rss / 1048576).toFixed(0)} (${rssBreakdown()}) heapTotal ${(m.heapTotal / 1048576).toFixed(0)} heapUsed ${(m.heapUsed / 1048576).toFixed(0)} external ${(m.external / 1048576).toFixed(0)} ab ${(m.arrayBuffers / 1048576).toFixed(0)}`;
};
const names = Array.from({ length: 1000 }, (_, i) => `book-${Math.floor(i / 20)}/chapter-${i}`);
const entries = [];
for (const [i, name] of [...names, ...names].entries()) {
  const userId = await ensureMember(server.accountStore, name, { user: `u${i % 50}` });
  entries.push({
    name,
    token: (await server.accounts.mintConnectionToken(userId, name.split('/')[0]!)).token,
    types: i < names.length,
  });
}
await new Promise((r) => setTimeout(r, 2000));
process.stdout.write(['idle', mem()].join(' ') + '\n');
const child = await openStockClients(`ws://127.0.0.1:${server.port}/sync`, entries);
await new Promise((r) => setTimeout(r, 1000));
process.stdout.write(['peak', mem()].join(' ') + '\n');
child.kill();
for (let s = 1; s <= 30; s++) {
  await new Promise((r) => setTimeout(r, 1000));
  if (s % 3 === 0)
    process.stdout.write([`+${s}s`, mem(), 'rooms', server.registry.roomCount].join(' ') + '\n');
}
await server.stop();
process.exit(0);

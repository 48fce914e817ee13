/**
 * Heap and RSS per extra connection (not a test; run by hand):
 *   cd server && node --expose-gc --import tsx test/measure/connection-memory.ts
 * 50 chapters get a first client each, then 1,000 more clients join them (stock providers in a
 * child process, so only the server's memory is in this one); prints what the server keeps per
 * extra connection after full GCs, and its RSS growth.
 */
import { startTestServer } from '../start-test-server';
import { openStockClients } from './stock-clients';

const CHAPTERS = 50;
const EXTRA = Number(process.argv[2] ?? 1000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc');
const settled = async () => {
  await new Promise((resolve) => setTimeout(resolve, 500));
  gc();
  gc();
  const { heapUsed, external, rss } = process.memoryUsage();
  return { heapUsed, external, rss };
};

const server = await startTestServer();
const names = Array.from({ length: CHAPTERS }, (_, i) => `book-conn/chapter-${i}`);
async function connect(count: number) {
  const entries = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const name = names[i % CHAPTERS]!;
      return { name, token: await server.tokenFor(name, { user: `reader-${i % 200}` }) };
    }),
  );
  return openStockClients(server.syncUrl, entries);
}
const first = await connect(CHAPTERS);
const before = await settled();
const extra = await connect(EXTRA);
const after = await settled();
const kib = (bytes: number) => (bytes / EXTRA / 1024).toFixed(2);
process.stdout.write(
  `per extra connection (${EXTRA}): heap ${kib(after.heapUsed - before.heapUsed)} KiB, external ${kib(after.external - before.external)} KiB, RSS ${kib(after.rss - before.rss)} KiB\n`,
);
extra.kill();
first.kill();
await server.stop();
process.exit(0);

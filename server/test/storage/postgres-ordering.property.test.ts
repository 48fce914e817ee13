import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocName } from '@wethink/shared';
import { silentLogger } from '../../src/logger';
import { PostgresDocumentStore } from '../../src/storage/postgres-document-store';
import { openPostgres, type PostgresDatabase } from '../../src/storage/postgres/postgres-database';
import { createTestDatabase, type TestDatabase } from '../support/postgres';

let database: TestDatabase;
const pools: PostgresDatabase[] = [];
beforeAll(async () => {
  database = await createTestDatabase();
  // Two pools on one database: two server processes, each with several connections.
  for (let i = 0; i < 2; i++)
    pools.push(await openPostgres({ databaseUrl: database.url, logger: silentLogger }));
});
afterAll(async () => {
  for (const pool of pools) await pool.close();
  await database?.drop();
});

let runs = 0;

describe('sequence numbers on PostgreSQL', () => {
  it('are gap-free per document and in commit order under concurrent appends from two processes', async () => {
    const stores = pools.map((pool) => new PostgresDocumentStore(pool));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ process: fc.nat(1), doc: fc.nat(2), size: fc.integer({ min: 1, max: 4 }) }), {
          minLength: 1,
          maxLength: 40,
        }),
        async (appends) => {
          runs += 1;
          const docOf = (index: number) => `order-${runs}/ch-${index}` as DocName;
          // Each update names its batch and position, so the log shows which commit put it where.
          const results = await Promise.all(
            appends.map(async ({ process, doc, size }, batch) => {
              const updates = Array.from({ length: size }, (_, i) => Uint8Array.of(batch, i));
              const last = await stores[process]!.appendUpdates(docOf(doc), updates);
              return { doc, batch, size, last };
            }),
          );
          for (let doc = 0; doc < 3; doc++) {
            const mine = results.filter((result) => result.doc === doc).sort((a, b) => a.last - b.last);
            const total = mine.reduce((sum, result) => sum + result.size, 0);
            // Gap-free: the batches' ranges tile 1..total exactly.
            let expected = 0;
            for (const result of mine) {
              expected += result.size;
              expect(result.last).toBe(expected);
            }
            // The log in seq order holds each batch whole, in the order of its sequence numbers.
            const { updates, lastSeq } = await stores[0]!.load(docOf(doc));
            expect(lastSeq).toBe(total);
            expect(updates.map((update) => [...update])).toEqual(
              mine.flatMap(({ batch, size }) => Array.from({ length: size }, (_, i) => [batch, i])),
            );
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

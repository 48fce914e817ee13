import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { LogTail } from '../../src/storage/document-store';
import type { ReplicaEntry } from '../../src/sync/replica';
import { ReplicaIntake } from '../../src/sync/replica-intake';
import { SeqWindow } from '../../src/sync/seq-window';

/**
 * A document's log as several instances write it: numbered appends of one or more updates. The
 * intake of one instance sees its own appends, the others' entries in any order with some lost,
 * head checks and catch-ups at any time; it must end holding every row exactly once and never
 * claim a contiguous number it does not hold.
 */
interface Row {
  seq: number;
  update: Uint8Array;
}

function buildLog(appendSizes: number[]): { rows: Row[]; entries: ReplicaEntry[] } {
  const doc = new Y.Doc();
  const text = doc.getText('t');
  const rows: Row[] = [];
  const entries: ReplicaEntry[] = [];
  for (const size of appendSizes) {
    const from = rows.length + 1;
    const updates: Uint8Array[] = [];
    for (let n = 0; n < size; n += 1) {
      const before = Y.encodeStateVector(doc);
      text.insert(text.length, `${rows.length + 1},`);
      const update = Y.encodeStateAsUpdate(doc, before);
      updates.push(update);
      rows.push({ seq: rows.length + 1, update });
    }
    entries.push({ from, to: rows.length, updates, claims: [] });
  }
  return { rows, entries };
}

describe('SeqWindow', () => {
  it('contiguous is the longest held prefix, whatever the marking order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 3 }))),
        (marks) => {
          const window = new SeqWindow(0);
          const held = new Set<number>();
          for (const [from, extra] of marks) {
            window.mark(from, from + extra);
            for (let seq = from; seq <= from + extra; seq += 1) held.add(seq);
          }
          let expected = 0;
          while (held.has(expected + 1)) expected += 1;
          expect(window.contiguous).toBe(expected);
          for (let seq = 1; seq <= 45; seq += 1)
            expect(window.has(seq)).toBe(held.has(seq) || seq <= expected);
        },
      ),
    );
  });
});

describe('ReplicaIntake', () => {
  it('applies every row of the log once, in any delivery order, with losses healed by catch-ups', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 12 }),
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        fc.integer({ min: 0, max: 2 ** 31 }),
        async (sizes, mine, lost, seed) => {
          const { rows, entries } = buildLog(sizes);
          const doc = new Y.Doc();
          const appliedSeqs: number[] = [];
          let catchUps = 0;
          const intake = new ReplicaIntake({
            loadedThrough: 0,
            readSince: async (after): Promise<LogTail> => ({
              head: rows.length,
              state: null,
              updates: rows
                .filter((row) => row.seq > after)
                .map((row) => ({ seq: row.seq, data: row.update })),
              clientOwners: new Map(),
            }),
            apply: (updates) => {
              for (const update of updates) {
                const row = rows.find((candidate) => candidate.update === update)!;
                appliedSeqs.push(row.seq);
                Y.applyUpdate(doc, update);
              }
            },
            bind: () => {},
            requestCatchUp: () => {
              catchUps += 1;
            },
            gapWaitMs: 1_000_000,
          });
          // This instance's appends are applied by its writer, not the intake.
          const own = entries.filter((_, index) => mine[index]);
          const others = entries.filter((_, index) => !mine[index]);
          // Deliver the others' entries shuffled, dropping the lost ones.
          const order = [...others].sort(
            (a, b) => ((a.from * 7919 + seed) % 101) - ((b.from * 7919 + seed) % 101),
          );
          for (const entry of own) {
            for (const update of entry.updates) Y.applyUpdate(doc, update);
            intake.noteStored(entry.from, entry.to);
          }
          for (const [index, entry] of order.entries()) {
            if (lost[index]) continue;
            intake.receive(entry);
            intake.receive(entry); // a duplicate delivery changes nothing
          }
          expect(intake.contiguous).toBeLessThanOrEqual(rows.length);
          intake.noteHead(rows.length);
          if (intake.contiguous < rows.length) expect(catchUps).toBeGreaterThan(0);
          await intake.catchUp();
          expect(intake.contiguous).toBe(rows.length);
          const ownSeqs = new Set(own.flatMap((entry) => rowsOf(entry)));
          const fromIntake = appliedSeqs.filter((seq) => !ownSeqs.has(seq));
          expect(new Set(fromIntake).size).toBe(fromIntake.length); // each row once
          expect(new Set([...fromIntake, ...ownSeqs]).size).toBe(rows.length);
          const expected = rows.map((row) => `${row.seq},`).join('');
          expect(doc.getText('t').toString()).toBe(expected);
          intake.dispose();
        },
      ),
      { numRuns: 200 },
    );
  });
});

function rowsOf(entry: ReplicaEntry): number[] {
  return Array.from({ length: entry.to - entry.from + 1 }, (_, index) => entry.from + index);
}

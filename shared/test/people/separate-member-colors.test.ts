import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MIN_COLOR_DISTANCE,
  PALETTE,
  colorDistance,
  memberColorProblem,
  separateMemberColors,
  type MemberColorEntry,
} from '../../src/index';

/** Colours as old books hold them: the old random palette's near-duplicates, any colour at all. */
const storedColor = fc.oneof(
  fc.constantFrom('#d9480f', '#e8590c', '#5f3dc4', '#6741d9', '#1971c2', '#1864ab', '#2b8a3e', '#D9480F'),
  fc.constantFrom(...PALETTE),
  fc.integer({ min: 0, max: 0xffffff }).map((value) => `#${value.toString(16).padStart(6, '0')}`),
);

const members = (max: number) =>
  fc
    .array(fc.record({ color: storedColor, accountColor: storedColor }), { minLength: 1, maxLength: max })
    .map((rows): MemberColorEntry[] => rows.map((row, index) => ({ userId: `u${index}`, ...row })));

const applied = (entries: readonly MemberColorEntry[], changes: ReadonlyMap<string, string>) =>
  entries.map((entry) => ({ ...entry, color: changes.get(entry.userId) ?? entry.color.toLowerCase() }));

describe('separateMemberColors', () => {
  it('leaves a book whose members are told apart as it is', () => {
    const book = PALETTE.slice(0, 5).map((color, index) => ({
      userId: `u${index}`,
      color,
      accountColor: color,
    }));
    expect(separateMemberColors(book).size).toBe(0);
  });

  it('keeps the first of two members who share a colour and gives the second another', () => {
    const changes = separateMemberColors([
      { userId: 'reviewer', color: '#5f3dc4', accountColor: '#5f3dc4' },
      { userId: 'reader', color: '#5f3dc4', accountColor: '#5f3dc4' },
    ]);
    expect([...changes.keys()]).toEqual(['reader']);
    expect(memberColorProblem(changes.get('reader')!, ['#5f3dc4'])).toBeNull();
  });

  it('recolours a shared colour that cannot be read on the page for both who had it', () => {
    // The old palette's orange (contrast 4.3 on white) that an owner and a co-author both drew.
    const changes = separateMemberColors([
      { userId: 'owner', color: '#d9480f', accountColor: '#d9480f' },
      { userId: 'coauthor', color: '#d9480f', accountColor: '#d9480f' },
    ]);
    expect([...changes.keys()]).toEqual(['owner', 'coauthor']);
    expect(memberColorProblem(changes.get('coauthor')!, [changes.get('owner')!])).toBeNull();
  });

  it('makes every member of a book readable and distinct, keeps whoever was already, and is then stable', () => {
    fc.assert(
      fc.property(members(12), (book) => {
        const changes = separateMemberColors(book);
        const after = applied(book, changes);
        after.forEach((member, index) => {
          const before = after.slice(0, index).map((other) => other.color);
          expect(memberColorProblem(member.color, before)).toBeNull();
          for (const other of before)
            expect(colorDistance(member.color, other)).toBeGreaterThanOrEqual(MIN_COLOR_DISTANCE);
          // Unchanged exactly when the stored colour already fit beside the earlier members'.
          const fitted = memberColorProblem(book[index]!.color.toLowerCase(), before) === null;
          expect(changes.has(member.userId)).toBe(!fitted);
        });
        expect(separateMemberColors(after).size).toBe(0);
      }),
      { numRuns: 300, seed: 19 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAsPlanned, PagePlanError, planPages, type PrintedPages } from '../../src/export/pdf-page-plan';

/** What a printer makes of a book: front matter, then each section on a fresh page, blanks as asked. */
function print(front: number, lengths: readonly number[], blankBefore: readonly boolean[]): PrintedPages {
  let page = front + 1;
  const starts = lengths.map((length, index) => {
    if (blankBefore[index]) page += 1;
    const start = page;
    page += length;
    return start;
  });
  return { starts, pageCount: page - 1 };
}

const book = fc.record({
  front: fc.integer({ min: 0, max: 6 }),
  lengths: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 30 }),
});

describe('planning where a printed book’s sections start', () => {
  it('puts every section on a right-hand page with as few blanks as that needs, and the next print comes out as planned', () => {
    fc.assert(
      fc.property(book, ({ front, lengths }) => {
        const none = lengths.map(() => false);
        const plan = planPages(print(front, lengths, none), none);
        expect(plan.starts.every((start) => start % 2 === 1)).toBe(true);
        // A blank only where the section would otherwise open on a left-hand page.
        plan.blankBefore.forEach((isBlank, index) => {
          const wouldStart = plan.starts[index]! - (isBlank ? 1 : 0);
          expect(isBlank).toBe(wouldStart % 2 === 0);
        });
        expect(isAsPlanned(print(front, lengths, plan.blankBefore), plan)).toBe(true);
      }),
      { numRuns: 500, seed: 20_261_207 },
    );
  });

  it('gives the same plan from any earlier print of the same sections, whatever blanks it had', () => {
    fc.assert(
      fc.property(book, fc.array(fc.boolean(), { maxLength: 30 }), ({ front, lengths }, blanks) => {
        const applied = lengths.map((_, index) => blanks[index] ?? false);
        const none = lengths.map(() => false);
        expect(planPages(print(front, lengths, applied), applied)).toEqual(
          planPages(print(front, lengths, none), none),
        );
      }),
      { numRuns: 500, seed: 7 },
    );
  });

  it('refuses a print that cannot be a book: no section, sections out of order, a plan of another length', () => {
    expect(() => planPages({ starts: [], pageCount: 3 }, [])).toThrow(PagePlanError);
    expect(() => planPages({ starts: [5, 5], pageCount: 9 }, [false, false])).toThrow(PagePlanError);
    expect(() => planPages({ starts: [5, 6], pageCount: 9 }, [false, true])).toThrow(PagePlanError);
    expect(() => planPages({ starts: [5, 7], pageCount: 9 }, [false])).toThrow(PagePlanError);
    expect(() => planPages({ starts: [5, 12], pageCount: 9 }, [false, false])).toThrow(PagePlanError);
  });
});

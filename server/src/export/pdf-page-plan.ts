// Where each part of a printed book starts, worked out from a print that did not yet know: pure,
// so the rule (every section on a right-hand page, the contents giving true numbers) is tested
// apart from Chromium.

/** What a print showed: the page (1-based) each section starts on, in book order, and the total. */
export interface PrintedPages {
  starts: readonly number[];
  pageCount: number;
}

/** How to print the book: a blank page before the sections marked, each section's first page. */
export interface PagePlan {
  /** Per section: whether a blank page goes before it so that it opens on a right-hand page. */
  blankBefore: readonly boolean[];
  /** Per section: the page it starts on once the blanks are in. */
  starts: readonly number[];
}

/** A print that laid no section out: nothing to plan from. */
export class PagePlanError extends Error {
  override readonly name = 'PagePlanError';
}

/**
 * The plan that puts every section on an odd (right-hand) page, from a print made with
 * `applied` (the blank pages that print had before each section; none for a first print). A
 * section's own length does not depend on the blanks, since each starts on a fresh page: it is the
 * distance to the next section's start less the blank before that one.
 */
export function planPages(printed: PrintedPages, applied: readonly boolean[]): PagePlan {
  const { starts, pageCount } = printed;
  if (starts.length === 0) throw new PagePlanError('the print holds no section');
  if (starts.length !== applied.length) {
    throw new PagePlanError(`${starts.length} sections printed, ${applied.length} planned`);
  }
  const blankPage = (index: number) => (applied[index] === true ? 1 : 0);
  for (let index = 1; index < starts.length; index++) {
    if (starts[index]! - blankPage(index) <= starts[index - 1]!) {
      throw new PagePlanError(`section ${index + 1} starts before the one ahead of it ends`);
    }
  }
  if (pageCount < starts[starts.length - 1]!) throw new PagePlanError('a section starts after the last page');
  const lengths = starts.map((start, index) =>
    index + 1 < starts.length ? starts[index + 1]! - blankPage(index + 1) - start : pageCount - start + 1,
  );
  let page = starts[0]! - blankPage(0);
  const blankBefore: boolean[] = [];
  const planned: number[] = [];
  for (const length of lengths) {
    const isLeftHand = page % 2 === 0;
    if (isLeftHand) page += 1;
    blankBefore.push(isLeftHand);
    planned.push(page);
    page += length;
  }
  return { blankBefore, starts: planned };
}

/** Whether a print made with `plan` came out as planned. */
export function isAsPlanned(printed: PrintedPages, plan: PagePlan): boolean {
  return (
    printed.starts.length === plan.starts.length &&
    printed.starts.every((start, index) => start === plan.starts[index])
  );
}

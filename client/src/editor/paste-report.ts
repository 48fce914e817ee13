/**
 * What the book's schema cannot hold, by what a writer would call it, with the elements (or
 * inline styles) that carry it in pasted HTML. Paragraphs, headings, quotes, lists, links, bold,
 * italic, line breaks and notes are kept; these are not.
 */
const unkept: ReadonlyArray<{ name: string; selector: string }> = [
  { name: 'underline', selector: 'u, ins, [style*="underline"]' },
  { name: 'strike-through', selector: 's, strike, del, [style*="line-through"]' },
  { name: 'code', selector: 'code, pre, kbd, samp, tt' },
  { name: 'images', selector: 'img, picture, svg, video, canvas' },
  { name: 'tables (their text is kept)', selector: 'table' },
  { name: 'superscript and subscript', selector: 'sup:not(.book-note), sub' },
];

/** What of a pasted HTML document the editor leaves out; empty when it keeps everything. */
export function unkeptOnPaste(html: string): string[] {
  if (html === '') return [];
  // An inert document: nothing in it runs or loads.
  const body = new DOMParser().parseFromString(html, 'text/html').body;
  return unkept.filter(({ selector }) => body.querySelector(selector) !== null).map(({ name }) => name);
}

/** The sentence that tells the writer, e.g. "Pasted without underline and images: …". */
export function pasteReportText(unkeptNames: readonly string[]): string {
  const list =
    unkeptNames.length <= 1
      ? (unkeptNames[0] ?? '')
      : `${unkeptNames.slice(0, -1).join(', ')} and ${unkeptNames[unkeptNames.length - 1]}`;
  return `Pasted without ${list}: a book here has no place for them.`;
}

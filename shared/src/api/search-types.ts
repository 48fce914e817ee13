/** `GET /api/books/<book>/search?q=…`: passages of the book's live chapters that hold every word. */
export interface SearchHit {
  chapterId: string;
  chapterTitle: string;
  /** The top-level block (paragraph, heading, …) of the chapter the passage is in: where to jump. */
  blockIndex: number;
  /** Up to about 200 characters of the block around the first match. */
  snippet: string;
  /** `[start, end)` character ranges of the query's words in `snippet`. */
  matches: [number, number][];
}

export interface SearchView {
  query: string;
  hits: SearchHit[];
  /** More passages matched than `hits` holds (the first ones in reading order are kept). */
  isTruncated: boolean;
}

/** A query longer than this is refused (400): a search box, not a document. */
export const MAX_SEARCH_QUERY_CHARS = 500;
/** At most this many words of a query are used. */
export const MAX_SEARCH_TERMS = 12;
/** At most this many passages are returned. */
export const MAX_SEARCH_HITS = 100;

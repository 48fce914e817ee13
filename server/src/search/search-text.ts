import { AppError, MAX_SEARCH_QUERY_CHARS, MAX_SEARCH_TERMS } from '@wethink/shared';

/**
 * What search treats as a word, the same in every backend and in the brute-force test: a run of
 * letters and digits, lower-cased, with accents removed (NFKD, then combining marks dropped).
 * Text is indexed as its words joined by single spaces, so SQLite's FTS5 and PostgreSQL's
 * tsvector both see exactly these words and nothing of their own parsers' opinions.
 */
const WORD = /[\p{L}\p{N}]+/gu;

export function foldCase(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
}

export function wordsOf(text: string): string[] {
  return foldCase(text).match(WORD) ?? [];
}

/** The indexed form of a block's text. */
export function indexedText(text: string): string {
  return wordsOf(text).join(' ');
}

/**
 * The prefix that scopes a word to one book in the database indexes: the book id in hex, then
 * `z` (never a hex digit). With it a word's posting list holds only that book's passages, so a
 * common word costs what it costs in one book, not across every book on the server.
 */
export function bookScope(bookId: string): string {
  return `${Buffer.from(bookId, 'utf8').toString('hex')}z`;
}

/** A block's words, each scoped to its book (see `bookScope`), space-separated. */
export function scopedText(bookId: string, text: string): string {
  const scope = bookScope(bookId);
  return wordsOf(text)
    .map((word) => scope + word)
    .join(' ');
}

/** A parsed query: every word must appear in a passage; the last may be the start of a word. */
export interface SearchTerms {
  words: string[];
  /** Whether the last word also matches longer words (typing in progress: `lin` finds `linux`). */
  isLastPrefix: boolean;
}

/**
 * Parses what someone typed. Operators, quotes and punctuation are not syntax here: only words
 * count, so no query can reach a backend's query language. Refuses (400) an empty query and one
 * over `MAX_SEARCH_QUERY_CHARS`; uses the first `MAX_SEARCH_TERMS` distinct words.
 */
export function parseQuery(query: string): SearchTerms {
  if (query.length > MAX_SEARCH_QUERY_CHARS) {
    throw new AppError(
      'invalid-request',
      `a search is at most ${MAX_SEARCH_QUERY_CHARS} characters, got ${query.length}`,
    );
  }
  const words = [...new Set(wordsOf(query))].slice(0, MAX_SEARCH_TERMS).map((word) => word.slice(0, 64));
  if (words.length === 0)
    throw new AppError('invalid-request', 'search for at least one word (letters or digits)');
  const isLastPrefix = /[\p{L}\p{N}]$/u.test(query) && words.length > 0;
  return { words, isLastPrefix };
}

/** Whether indexed text (see `indexedText`) holds every word of `terms`. */
export function matchesIndexed(indexed: string, terms: SearchTerms): boolean {
  const words = new Set(indexed.split(' '));
  return terms.words.every((word, i) => {
    if (words.has(word)) return true;
    const isPrefix = terms.isLastPrefix && i === terms.words.length - 1;
    return isPrefix && [...words].some((candidate) => candidate.startsWith(word));
  });
}

const SNIPPET_CHARS = 200;

/** Up to ~200 characters of `text` around the first match, and where the words are in it. */
export function snippetOf(
  text: string,
  terms: SearchTerms,
): { snippet: string; matches: [number, number][] } {
  const spans: [number, number][] = [];
  for (const match of text.matchAll(WORD)) {
    const folded = foldCase(match[0]);
    const isMatch = terms.words.some((word, i) =>
      terms.isLastPrefix && i === terms.words.length - 1 ? folded.startsWith(word) : folded === word,
    );
    if (isMatch) spans.push([match.index, match.index + match[0].length]);
  }
  const first = spans[0]?.[0] ?? 0;
  const start = Math.max(0, Math.min(first - 60, text.length - SNIPPET_CHARS));
  const end = Math.min(text.length, start + SNIPPET_CHARS);
  const prefix = start > 0 ? '…' : '';
  const snippet = `${prefix}${text.slice(start, end)}${end < text.length ? '…' : ''}`;
  const matches = spans
    .filter(([from, to]) => from >= start && to <= end)
    .map(([from, to]): [number, number] => [from - start + prefix.length, to - start + prefix.length]);
  return { snippet, matches };
}

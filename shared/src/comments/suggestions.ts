import type * as Y from 'yjs';
import type { CommentAnchor } from './comments-doc';

/**
 * Suggested changes to a chapter live beside its comments, in the chapter's comments document
 * (`suggestions` map): every member reads them live, only the server writes them, and the
 * suggester is the session's user, never a claim. Nothing a suggester sends touches the chapter
 * itself: an owner or author accepting a suggestion makes the server apply it to the chapter as
 * the suggester's own writing (attributed to them, like their typing), and records who accepted.
 */
export const SUGGESTIONS_MAP = 'suggestions';

/** Insert `text` at a point, delete the anchored passage, or add/remove a mark over it. */
export type SuggestionKind = 'insert' | 'delete' | 'format';
export type SuggestionStatus = 'open' | 'accepted' | 'rejected';

/** Most characters one suggestion may insert. */
export const MAX_SUGGESTION_CHARS = 10_000;
/** Most suggestions (of any status) one chapter holds. */
export const MAX_SUGGESTIONS_PER_CHAPTER = 5_000;

export interface SuggestionRecord {
  id: string;
  kind: SuggestionKind;
  /** Insert: `start` is the point (and `end` the same); delete: the passage. */
  anchor: CommentAnchor;
  /** Insert: the suggested text; delete: the passage as it was when suggested. */
  text: string;
  suggestedBy: string;
  /** The suggester's display name (the server's). */
  suggesterName: string;
  createdAt: string;
  /** The review round a reader's suggestion belongs to; null otherwise. */
  roundId: string | null;
  status: SuggestionStatus;
  decidedBy: string | null;
  decidedAt: string | null;
  /** Format suggestions only: the mark to add or remove over the passage (absent otherwise). */
  format?: SuggestedFormat;
}

/**
 * A mark of the book schema (`strong`, `em`, `link`) added over, or removed from, a passage.
 * `attrs` are the mark's attributes as the editor stores them (a link's `href`); null for none.
 */
export interface SuggestedFormat {
  mark: string;
  action: 'add' | 'remove';
  attrs: { href: string } | null;
}

/** How the panel and the editor name a mark to people ("Suggested: bold"). */
export const MARK_LABELS: Readonly<Record<string, string>> = {
  strong: 'bold',
  em: 'italic',
  link: 'link',
};

/** "bold", "remove italic", "link to https://…". */
export function describeFormat(format: SuggestedFormat): string {
  const label = MARK_LABELS[format.mark] ?? format.mark;
  if (format.action === 'remove') return `remove ${label}`;
  const href = format.attrs?.href;
  return href === undefined ? label : `${label} to ${href}`;
}

export const suggestionsOf = (doc: Y.Doc): Y.Map<SuggestionRecord> =>
  doc.getMap<SuggestionRecord>(SUGGESTIONS_MAP);

/** Counts of a set of suggestions by outcome (a round's, a person's). */
export interface SuggestionOutcomes {
  made: number;
  accepted: number;
  rejected: number;
  open: number;
}

export function outcomesOf(suggestions: Iterable<SuggestionRecord>): SuggestionOutcomes {
  const outcomes: SuggestionOutcomes = { made: 0, accepted: 0, rejected: 0, open: 0 };
  for (const suggestion of suggestions) {
    outcomes.made += 1;
    outcomes[suggestion.status] += 1;
  }
  return outcomes;
}

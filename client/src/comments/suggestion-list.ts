import {
  Role,
  outcomesOf,
  suggestionsOf,
  type RoundRecord,
  type SuggestionOutcomes,
  type SuggestionRecord,
  type ThreadRecord,
} from '@wethink/shared/client';
import type * as Y from 'yjs';

/** A chapter's suggestions, oldest first (a plain copy of the comments document's records). */
export function readSuggestions(doc: Y.Doc): SuggestionRecord[] {
  return [...suggestionsOf(doc).values()].sort(
    (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id),
  );
}

/** What a member may do with an open suggestion. The server enforces the same rules regardless. */
export interface SuggestionActions {
  canAccept: boolean;
  /** Reject someone else's suggestion (owner, authors). */
  canReject: boolean;
  /** Take back one's own. */
  canWithdraw: boolean;
}

export function suggestionActionsFor(
  suggestion: SuggestionRecord,
  viewer: { userId: string; role: Role | null },
): SuggestionActions {
  const isOpen = suggestion.status === 'open';
  const isOwn = suggestion.suggestedBy === viewer.userId;
  const decides = viewer.role === Role.owner || viewer.role === Role.author;
  return {
    canAccept: isOpen && decides && !isOwn,
    canReject: isOpen && decides && !isOwn,
    canWithdraw: isOpen && isOwn,
  };
}

/** Who may switch to suggesting: whoever may comment now. */
export function canSuggest(role: Role | null, hasOpenRound: boolean): boolean {
  if (role === Role.reader) return hasOpenRound;
  return role !== null;
}

/** What changed because of one person: their accepted suggestions and their threads resolved. */
export interface ChangesBecauseOf {
  accepted: SuggestionRecord[];
  resolvedThreads: ThreadRecord[];
}

export function changesBecauseOf(
  userId: string,
  suggestions: Iterable<SuggestionRecord>,
  threads: Iterable<ThreadRecord>,
): ChangesBecauseOf {
  return {
    accepted: [...suggestions].filter((s) => s.suggestedBy === userId && s.status === 'accepted'),
    resolvedThreads: [...threads].filter((t) => t.createdBy === userId && t.status === 'resolved'),
  };
}

/** A review round's suggestions by outcome, for its owner. */
export interface RoundOutcome {
  roundId: string;
  title: string;
  outcomes: SuggestionOutcomes;
}

/** Each round with suggestions in it, in the rounds' order. */
export function roundOutcomes(
  rounds: readonly RoundRecord[],
  suggestions: readonly SuggestionRecord[],
): RoundOutcome[] {
  return rounds
    .map((round) => ({
      roundId: round.id,
      title: round.title,
      outcomes: outcomesOf(suggestions.filter((suggestion) => suggestion.roundId === round.id)),
    }))
    .filter((round) => round.outcomes.made > 0);
}

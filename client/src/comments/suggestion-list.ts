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
import type { ChapterRef } from '../api/api-client';
import type { OutboxItem } from './comment-outbox';

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

/** The bulk decisions a writer may make: all, and all of each other suggester's (most first). */
export function bulkActionsFor(
  open: readonly SuggestionRecord[],
  viewer: { userId: string; role: Role | null },
): { by: string | null; name: string | null; count: number }[] {
  const decides = viewer.role === Role.owner || viewer.role === Role.author;
  if (!decides || open.length === 0) return [];
  const bySuggester = new Map<string, { name: string; count: number }>();
  for (const suggestion of open) {
    if (suggestion.suggestedBy === viewer.userId) continue;
    const entry = bySuggester.get(suggestion.suggestedBy) ?? { name: suggestion.suggesterName, count: 0 };
    entry.count += 1;
    bySuggester.set(suggestion.suggestedBy, entry);
  }
  const perSuggester = [...bySuggester]
    .sort((a, b) => b[1].count - a[1].count || a[1].name.localeCompare(b[1].name))
    .map(([by, { name, count }]) => ({ by, name, count }));
  return [{ by: null, name: null, count: open.length }, ...perSuggester];
}

/**
 * This user's suggestions on `chapter` still waiting in the outbox, as the records they will
 * become (open, not yet on the server): shown as pending in the text and the panel.
 */
export function pendingSuggestions(
  items: readonly OutboxItem[],
  who: { userId: string; chapter: ChapterRef; name: string },
): SuggestionRecord[] {
  const records: SuggestionRecord[] = [];
  for (const item of items) {
    const { op } = item;
    if (op.kind !== 'suggest' || item.userId !== who.userId) continue;
    if (item.chapter.bookId !== who.chapter.bookId || item.chapter.chapterId !== who.chapter.chapterId)
      continue;
    const request = op.request;
    records.push({
      id: request.id,
      kind: request.kind,
      anchor: request.kind === 'insert' ? { start: request.at, end: request.at } : request.anchor,
      text: op.quote,
      suggestedBy: who.userId,
      suggesterName: who.name,
      createdAt: item.queuedAt,
      roundId: null,
      status: 'open',
      decidedBy: null,
      decidedAt: null,
      ...(request.kind === 'format' ? { format: request.format } : {}),
    });
  }
  return records;
}

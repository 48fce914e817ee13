import type { CommentRecord, Role, SuggestionRecord } from '@wethink/shared/client';
import type { SuggestionItem } from '../components/suggestions-panel';
import type { SuggestionMark } from '../editor/plugins/suggestion-marks';
import type { MemberMark } from '../people/member-colors';
import { suggestionActionsFor } from './suggestion-list';

/**
 * The panel's rows: the open suggestions with what the viewer may do and each one's thread, then
 * this device's suggestions still waiting to be sent (no actions, no replies until they arrive).
 */
export function panelItems(input: {
  open: readonly SuggestionRecord[];
  pending: readonly SuggestionRecord[];
  comments: readonly CommentRecord[];
  viewer: { userId: string; role: Role | null };
  canReply: boolean;
  isBusy: (suggestionId: string) => boolean;
}): SuggestionItem[] {
  const threadOf = (id: string) => input.comments.filter((comment) => comment.threadId === id);
  return [
    ...input.open.map((suggestion) => ({
      suggestion,
      actions: suggestionActionsFor(suggestion, input.viewer),
      isBusy: input.isBusy(suggestion.id),
      isPending: false,
      thread: threadOf(suggestion.id),
      canReply: input.canReply,
    })),
    ...input.pending.map((suggestion) => ({
      suggestion,
      actions: { canAccept: false, canReject: false, canWithdraw: false },
      isBusy: true,
      isPending: true,
      thread: [],
      canReply: false,
    })),
  ];
}

/** The open suggestions as the editor shows them, each in its suggester's colour. */
export function editorMarksOf(
  suggestions: readonly SuggestionRecord[],
  colors: ReadonlyMap<string, MemberMark> | null,
): SuggestionMark[] {
  return suggestions
    .filter((suggestion) => suggestion.status === 'open')
    .map((suggestion) => ({
      id: suggestion.id,
      kind: suggestion.kind,
      anchor: suggestion.anchor,
      text: suggestion.text,
      suggesterName: suggestion.suggesterName,
      color: colors?.get(suggestion.suggestedBy)?.color ?? null,
      ...(suggestion.format ? { format: suggestion.format } : {}),
    }));
}

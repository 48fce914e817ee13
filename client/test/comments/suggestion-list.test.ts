import { Role, type SuggestionRecord, type ThreadRecord } from '@wethink/shared/client';
import { describe, expect, it } from 'vitest';
import type { OutboxItem } from '../../src/comments/comment-outbox';
import {
  bulkActionsFor,
  canSuggest,
  changesBecauseOf,
  pendingSuggestions,
  roundOutcomes,
  suggestionActionsFor,
} from '../../src/comments/suggestion-list';

const suggestion = (fields: Partial<SuggestionRecord>): SuggestionRecord => ({
  id: 's1',
  kind: 'insert',
  anchor: { start: 'AA==', end: 'AA==' },
  text: 'More.',
  suggestedBy: 'reader',
  suggesterName: 'Rea',
  createdAt: '2026-12-07T00:00:00.000Z',
  roundId: 'r1',
  status: 'open',
  decidedBy: null,
  decidedAt: null,
  ...fields,
});

describe('suggestion actions', () => {
  it('lets owners and authors accept or reject others’ suggestions, and the suggester withdraw', () => {
    const open = suggestion({});
    expect(suggestionActionsFor(open, { userId: 'author', role: Role.author })).toEqual({
      canAccept: true,
      canReject: true,
      canWithdraw: false,
    });
    expect(suggestionActionsFor(open, { userId: 'reader', role: Role.reader })).toEqual({
      canAccept: false,
      canReject: false,
      canWithdraw: true,
    });
    const own = suggestion({ suggestedBy: 'author' });
    expect(suggestionActionsFor(own, { userId: 'author', role: Role.author })).toEqual({
      canAccept: false,
      canReject: false,
      canWithdraw: true,
    });
    expect(suggestionActionsFor(open, { userId: 'other', role: Role.reviewer }).canAccept).toBe(false);
    const decided = suggestion({ status: 'accepted' });
    expect(Object.values(suggestionActionsFor(decided, { userId: 'owner', role: Role.owner }))).toEqual([
      false,
      false,
      false,
    ]);
  });

  it('offers suggesting to readers only in an open round', () => {
    expect(canSuggest(Role.reader, false)).toBe(false);
    expect(canSuggest(Role.reader, true)).toBe(true);
    expect(canSuggest(Role.reviewer, false)).toBe(true);
    expect(canSuggest(Role.author, false)).toBe(true);
    expect(canSuggest(null, true)).toBe(false);
  });
});

describe('what changed because of you', () => {
  it('lists my accepted suggestions and my resolved threads only', () => {
    const thread = (fields: Partial<ThreadRecord>): ThreadRecord => ({
      id: 't1',
      anchor: { start: 'AA==', end: 'AA==' },
      quote: 'q',
      createdBy: 'reader',
      createdAt: '2026-12-07T00:00:00.000Z',
      status: 'resolved',
      resolvedBy: 'author',
      resolvedAt: '2026-12-07T00:01:00.000Z',
      roundId: null,
      ...fields,
    });
    const mine = changesBecauseOf(
      'reader',
      [
        suggestion({ id: 'a', status: 'accepted' }),
        suggestion({ id: 'b', status: 'rejected' }),
        suggestion({ id: 'c', status: 'accepted', suggestedBy: 'other' }),
      ],
      [thread({ id: 'x' }), thread({ id: 'y', status: 'open' }), thread({ id: 'z', createdBy: 'other' })],
    );
    expect(mine.accepted.map((s) => s.id)).toEqual(['a']);
    expect(mine.resolvedThreads.map((t) => t.id)).toEqual(['x']);
  });
});

describe('round outcomes', () => {
  it("counts each round's suggestions by outcome and leaves out rounds without any", () => {
    const round = (id: string, title: string) => ({
      id,
      title,
      versionId: 1,
      openedBy: 'owner',
      startsAt: '2026-12-07T00:00:00.000Z',
      endsAt: null,
      closedAt: null,
    });
    const outcomes = roundOutcomes(
      [round('r1', 'First readers'), round('r2', 'Second readers')],
      [
        suggestion({ id: 'a', status: 'accepted' }),
        suggestion({ id: 'b', status: 'rejected' }),
        suggestion({ id: 'c' }),
        suggestion({ id: 'd', roundId: null, status: 'accepted' }),
      ],
    );
    expect(outcomes).toEqual([
      { roundId: 'r1', title: 'First readers', outcomes: { made: 3, accepted: 1, rejected: 1, open: 1 } },
    ]);
  });
});

describe('bulk decisions and pending suggestions', () => {
  it('offers writers "all" and "all from" each other suggester, most first; nobody else anything', () => {
    const open = [
      suggestion({ id: 'a', suggestedBy: 'rev', suggesterName: 'Rev' }),
      suggestion({ id: 'b', suggestedBy: 'rea', suggesterName: 'Rea' }),
      suggestion({ id: 'c', suggestedBy: 'rea', suggesterName: 'Rea' }),
      suggestion({ id: 'd', suggestedBy: 'author', suggesterName: 'Aut' }),
    ];
    expect(bulkActionsFor(open, { userId: 'author', role: Role.author })).toEqual([
      { by: null, name: null, count: 4 },
      { by: 'rea', name: 'Rea', count: 2 },
      { by: 'rev', name: 'Rev', count: 1 },
    ]);
    expect(bulkActionsFor(open, { userId: 'rev', role: Role.reviewer })).toEqual([]);
    expect(bulkActionsFor([], { userId: 'author', role: Role.owner })).toEqual([]);
  });

  it('shows this user’s queued suggestions on this chapter as open records', () => {
    const chapter = { bookId: 'b1', chapterId: 'c1' };
    const item = (seq: number, userId: string, chapterId: string): OutboxItem => ({
      seq,
      userId,
      chapter: { bookId: 'b1', chapterId },
      queuedAt: '2026-12-07T00:00:00.000Z',
      op: {
        kind: 'suggest',
        quote: 'word',
        request: {
          kind: 'format',
          id: `s${seq}`,
          anchor: { start: 'AA==', end: 'AQ==' },
          format: { mark: 'strong', action: 'add', attrs: null },
        },
      },
    });
    const pending = pendingSuggestions([item(1, 'me', 'c1'), item(2, 'other', 'c1'), item(3, 'me', 'c2')], {
      userId: 'me',
      chapter,
      name: 'Me',
    });
    expect(pending).toEqual([
      expect.objectContaining({
        id: 's1',
        kind: 'format',
        text: 'word',
        status: 'open',
        suggesterName: 'Me',
        format: { mark: 'strong', action: 'add', attrs: null },
      }),
    ]);
  });
});

import type { ContributionStatsView, MemberView, VersionView } from '@wethink/shared/client';
import { describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import type { ApiClient, TimeRange } from '../../src/api/api-client';
import { ApiError } from '../../src/api/api-error';
import { AuthorshipController } from '../../src/history/authorship-controller';
import { HistoryController } from '../../src/history/history-controller';

const host = { addController: () => {}, removeController: () => {}, requestUpdate: () => {} };
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const chapter = { bookId: 'b_1', chapterId: 'c_1' };
const ada: MemberView = { userId: 'u_a', name: 'Ada', email: 'a@x.co', color: '#aa0000', role: 'owner' };

const version = (id: number, createdAt: string, name: string | null = null): VersionView => ({
  id,
  chapterId: 'c_1',
  kind: name === null ? 'auto' : 'named',
  name,
  createdAt,
  createdBy: name === null ? null : 'u_a',
  bytes: 10,
});

const statsOf = (inserted: Record<string, number>): ContributionStatsView => ({
  from: '',
  to: '',
  users: Object.entries(inserted).map(([userId, chars]) => ({
    userId,
    name: userId,
    charsInserted: chars,
    charsDeleted: 0,
    wordsAdded: 0,
    wordsRemoved: 0,
    wordsSurviving: 1,
    activeDays: 1,
    writingSessions: 1,
    sessions: [],
    commentsWritten: 0,
    threadsResolved: 0,
    suggestionsMade: 0,
    suggestionsAccepted: 0,
  })),
});

function fakeApi(overrides: Partial<ApiClient>): ApiClient {
  const unexpected = () => Promise.reject(new Error('unexpected call'));
  return new Proxy(overrides as ApiClient, {
    get: (target, key: keyof ApiClient) => target[key] ?? unexpected,
  });
}

/** The controllers read the page's API when they ask: this one is there from the start. */
const given = (api: ApiClient) => () => api;

describe('HistoryController', () => {
  it('lists versions newest first, each with who changed the chapter since the one before', async () => {
    const ranges: TimeRange[] = [];
    const history = new HistoryController(host as never, {
      api: given(
        fakeApi({
          listVersions: async () => [
            version(1, '2026-01-01T10:00:00Z'),
            version(2, '2026-01-01T11:00:00Z', 'Draft'),
          ],
          listMembers: async () => [ada],
          chapterContributions: async (_chapter, range = {}) => {
            ranges.push(range);
            if (range.to === undefined) return statsOf({ u_a: 5, u_b: 0 });
            return range.from === undefined ? statsOf({ u_b: 3 }) : statsOf({ u_a: 2, u_b: 0 });
          },
        }),
      ),
    });
    history.open(chapter);
    await vi.waitFor(() =>
      expect(history.state.versions.filter((entry) => entry.contributors !== null)).toHaveLength(2),
    );
    expect(history.state.versions.map((entry) => [entry.version.id, entry.contributors])).toEqual([
      [2, ['u_a']],
      [1, ['u_b']],
    ]);
    expect(ranges).toContainEqual({ from: '2026-01-01T10:00:00Z', to: '2026-01-01T11:00:00Z' });
    expect(history.state.authors.get('u_a')?.color).toBe('#aa0000');
  });

  it("shows the server's refusal when a reviewer tries to restore, and stays usable", async () => {
    const history = new HistoryController(host as never, {
      api: given(
        fakeApi({
          listVersions: async () => [],
          listMembers: async () => [ada],
          chapterContributions: async () => statsOf({}),
          restoreVersion: async () => {
            throw new ApiError('forbidden', 403, 'forbidden', 'A reviewer cannot change history.');
          },
        }),
      ),
    });
    history.open(chapter);
    await settle();
    await history.restore(1);
    expect(history.state).toMatchObject({
      status: 'ready',
      isBusy: false,
      notice: 'A reviewer cannot change history.',
    });
  });

  it('stays closed and asks nothing while the page has no API, and opens once it has one', async () => {
    let api: ApiClient | null = null;
    const history = new HistoryController(host as never, { api: () => api });
    expect(history.canOpen).toBe(false);
    history.open(chapter);
    expect(history.isOpen).toBe(false);

    api = fakeApi({
      listVersions: async () => [version(1, '2026-01-01T10:00:00Z', 'Draft')],
      listMembers: async () => [ada],
      chapterContributions: async () => statsOf({ u_a: 1 }),
    });
    expect(history.canOpen).toBe(true);
    history.open(chapter);
    await vi.waitFor(() => expect(history.state.status).toBe('ready'));
    expect(history.state.versions.map((entry) => entry.version.id)).toEqual([1]);
  });
});

describe('AuthorshipController', () => {
  it('fetches when turned on, again a second after the text stops changing, and forgets it when off', async () => {
    vi.useFakeTimers();
    try {
      let fetches = 0;
      const authorship = new AuthorshipController(host as never, {
        api: given(
          fakeApi({
            authorship: async () => ({ runs: [{ text: `v${++fetches}`, userId: 'u_a' }] }),
            listMembers: async () => [ada],
          }),
        ),
        timers: {
          setTimeout: (callback, ms) => setTimeout(callback, ms),
          clearTimeout: (handle) => clearTimeout(handle as number),
        },
      });
      const ydoc = new Y.Doc();
      const fragment = ydoc.getXmlFragment('chapter');
      authorship.follow(chapter, fragment);
      expect(authorship.paint).toBeNull();
      authorship.toggle();
      await vi.advanceTimersByTimeAsync(0);
      expect(authorship.paint?.runs).toEqual([{ text: 'v1', userId: 'u_a' }]);

      fragment.insert(0, [new Y.XmlText('a')]);
      await vi.advanceTimersByTimeAsync(600);
      fragment.insert(0, [new Y.XmlText('b')]);
      await vi.advanceTimersByTimeAsync(600);
      expect(fetches).toBe(1);
      await vi.advanceTimersByTimeAsync(400);
      expect(fetches).toBe(2);
      expect(authorship.paint?.authors.get('u_a')?.name).toBe('Ada');

      authorship.toggle();
      expect(authorship.paint).toBeNull();
      fragment.insert(0, [new Y.XmlText('c')]);
      await vi.advanceTimersByTimeAsync(2000);
      expect(fetches).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });
});

import type { MemberView } from '@wethink/shared/client';
import { describe, expect, it, vi } from 'vitest';
import type { ApiClient } from '../src/api/api-client';
import { MemberMarksController } from '../src/people/member-marks-controller';

const host = { addController: () => {}, requestUpdate: () => {} };
const ada: MemberView = {
  userId: 'u_a',
  name: 'Ada Lovelace',
  email: 'a@x.co',
  color: '#aa0000',
  role: 'owner',
};

describe('MemberMarksController', () => {
  it('asks for the members once the page has an API, not before, and once per book', async () => {
    const asked: string[] = [];
    let api: ApiClient | null = null;
    const members = new MemberMarksController(host as never, {
      api: () => api,
      nowMs: () => 0,
      setTimeout: () => {
        throw new Error('no refetch expected');
      },
      clearTimeout: () => {},
    });
    members.follow('b_1');
    members.follow('b_1');
    expect(members.marks).toBeNull();

    api = {
      listMembers: async (bookId: string) => {
        asked.push(bookId);
        return [ada];
      },
    } as unknown as ApiClient;
    members.follow('b_1');
    await vi.waitFor(() => expect(members.marks?.get('u_a')?.initials).toBe('AL'));
    members.follow('b_1');
    expect(asked).toEqual(['b_1']);
  });
});

describe('MemberMarksController, when the first fetch fails', () => {
  it('asks again on a later update (not sooner than the refetch interval) and shows the marks then', async () => {
    let nowMs = 0;
    let timer: (() => void) | null = null;
    let isOffline = true;
    const asked: number[] = [];
    const api = {
      listMembers: (bookId: string) => {
        asked.push(nowMs);
        return isOffline ? Promise.reject(new Error(`offline: ${bookId}`)) : Promise.resolve([ada]);
      },
    } as unknown as ApiClient;
    const members = new MemberMarksController(host as never, {
      api: () => api,
      nowMs: () => nowMs,
      setTimeout: (callback) => {
        timer = callback;
        return 1;
      },
      clearTimeout: () => (timer = null),
    });
    members.follow('b_1');
    await vi.waitFor(() => expect(asked).toEqual([0]));
    await Promise.resolve();
    members.follow('b_1');
    expect(asked).toEqual([0]);
    expect(timer).not.toBeNull();
    isOffline = false;
    nowMs = 3_000;
    timer!();
    await vi.waitFor(() => expect(members.marks?.get('u_a')?.initials).toBe('AL'));
    expect(asked).toEqual([0, 3_000]);
    members.follow('b_1', ['u_a']);
    expect(asked).toEqual([0, 3_000]);
  });
});

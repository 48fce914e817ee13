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

import { describe, expect, it } from 'vitest';
import { isSamePeerList, peersFromAwareness } from '../src/collab/presence';

const ada = {
  user: { name: 'Ada', color: '#d1495b', role: 'owner' },
  presence: { isReading: false, activity: 'typing' },
  cursor: {},
};
const ben = {
  user: { name: 'Ben', color: '#00798c', role: 'reviewer' },
  presence: { isReading: true, activity: 'idle' },
};

describe('peersFromAwareness', () => {
  it('lists the local author first, then others by name, with role, mode, activity and cursor', () => {
    const peers = peersFromAwareness(
      new Map<number, unknown>([
        [3, ben],
        [2, ada],
        [1, { user: { name: 'Zoe', color: '#2e933c', role: 'author' } }],
      ]),
      1,
    );
    expect(
      peers.map((peer) => [
        peer.name,
        peer.isLocal,
        peer.role,
        peer.isReading,
        peer.activity,
        peer.hasCursor,
      ]),
    ).toEqual([
      ['Zoe', true, 'author', false, 'active', false],
      ['Ada', false, 'owner', false, 'typing', true],
      ['Ben', false, 'reviewer', true, 'idle', false],
    ]);
  });

  it('skips states without a name and repairs bad colours, roles and activities', () => {
    const peers = peersFromAwareness(
      new Map<number, unknown>([
        [1, null],
        [2, { user: { name: '   ' } }],
        [
          3,
          {
            user: { name: 'X'.repeat(100), color: 'red;background:url(x)', role: 'admin' },
            presence: { isReading: 'yes', activity: 1 },
          },
        ],
      ]),
      9,
    );
    expect(peers).toHaveLength(1);
    expect(peers[0]).toMatchObject({ color: '#777777', role: null, isReading: false, activity: 'active' });
    expect(peers[0]?.name).toHaveLength(40);
  });

  it('compares peer lists by what the presence bar shows', () => {
    const one = peersFromAwareness(new Map([[2, ada]]), 1);
    const same = peersFromAwareness(new Map([[2, { ...ada, cursor: { anchor: 5 } }]]), 1);
    const typingStopped = peersFromAwareness(
      new Map([[2, { ...ada, presence: { isReading: false, activity: 'active' } }]]),
      1,
    );
    const demoted = peersFromAwareness(
      new Map([[2, { ...ada, user: { ...ada.user, role: 'reviewer' } }]]),
      1,
    );
    expect(isSamePeerList(one, same)).toBe(true);
    expect(isSamePeerList(one, typingStopped)).toBe(false);
    expect(isSamePeerList(one, demoted)).toBe(false);
  });
});

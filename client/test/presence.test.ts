import { describe, expect, it } from 'vitest';
import { isSamePeerList, peersFromAwareness } from '../src/collab/presence';

const ada = {
  user: { name: 'Ada', color: '#d1495b' },
  presence: { role: 'author', activity: 'typing' },
  cursor: {},
};
const ben = { user: { name: 'Ben', color: '#00798c' }, presence: { role: 'reader', activity: 'idle' } };

describe('peersFromAwareness', () => {
  it('lists the local author first, then others by name, with role, activity and cursor', () => {
    const peers = peersFromAwareness(
      new Map<number, unknown>([
        [3, ben],
        [2, ada],
        [1, { user: { name: 'Zoe', color: '#2e933c' } }],
      ]),
      1,
    );
    expect(peers.map((peer) => [peer.name, peer.isLocal, peer.role, peer.activity, peer.hasCursor])).toEqual([
      ['Zoe', true, 'author', 'active', false],
      ['Ada', false, 'author', 'typing', true],
      ['Ben', false, 'reader', 'idle', false],
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
            user: { name: 'X'.repeat(100), color: 'red;background:url(x)' },
            presence: { role: 'admin', activity: 1 },
          },
        ],
      ]),
      9,
    );
    expect(peers).toHaveLength(1);
    expect(peers[0]).toMatchObject({ color: '#777777', role: 'author', activity: 'active' });
    expect(peers[0]?.name).toHaveLength(40);
  });

  it('compares peer lists by what the presence bar shows', () => {
    const one = peersFromAwareness(new Map([[2, ada]]), 1);
    const same = peersFromAwareness(new Map([[2, { ...ada, cursor: { anchor: 5 } }]]), 1);
    const typingStopped = peersFromAwareness(
      new Map([[2, { ...ada, presence: { role: 'author', activity: 'active' } }]]),
      1,
    );
    expect(isSamePeerList(one, same)).toBe(true);
    expect(isSamePeerList(one, typingStopped)).toBe(false);
  });
});

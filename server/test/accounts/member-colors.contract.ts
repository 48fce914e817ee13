import fc from 'fast-check';
import { MIN_COLOR_DISTANCE, PALETTE, colorDistance, type Role } from '@wethink/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import type { AccountStore, UserRecord } from '../../src/accounts/account-store';
import type { OpenEmptyStore } from './account-store.contract';

const user = (id: string, color: string): UserRecord => ({
  id,
  email: `${id}@test.invalid`,
  name: id,
  color,
  passwordHash: `scrypt$${id}`,
  createdAt: 1_776_000_000_000,
});

const colorsOf = async (store: AccountStore, bookId: string): Promise<Map<string, string>> =>
  new Map((await store.listMembers(bookId)).map((member) => [member.userId, member.color]));

/** Random readable and unreadable account colours, many of them close to each other. */
const accountColor = fc.oneof(
  fc.constantFrom('#1f5fbf', '#1e5ebe', '#2060c0', '#b03a00', '#ffff00', '#eeeeee', '#000000'),
  fc.integer({ min: 0, max: 0xffffff }).map((value) => `#${value.toString(16).padStart(6, '0')}`),
);

type Step =
  { kind: 'join'; who: number; role: Role } | { kind: 'leave'; who: number } | { kind: 'role'; who: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('join' as const),
    who: fc.nat(10),
    role: fc.constantFrom<Role>('author', 'reviewer', 'reader'),
  }),
  fc.record({ kind: fc.constant('leave' as const), who: fc.nat(10) }),
  fc.record({ kind: fc.constant('role' as const), who: fc.nat(10) }),
);

/**
 * Members' colours in a book, whatever the store: chosen when one joins, kept while others join,
 * leave or change roles, distinct from every other member's, and changeable by the member only to
 * a readable colour far enough from the others'.
 */
export function memberColorsContract(openEmptyStore: OpenEmptyStore): void {
  let store: AccountStore;
  beforeEach(async () => {
    store = await openEmptyStore();
  });

  describe('member colours', () => {
    it('gives a newcomer their account colour when it is free, else a free palette colour', async () => {
      await store.createUser(user('u_owner', '#1f5fbf'));
      await store.createUser(user('u_twin', '#1e5ebe'));
      await store.createUser(user('u_own', '#1b7a3a'));
      await store.createBook({ id: 'b1', title: 'One', createdAt: 1 }, 'u_owner');
      await store.setRole('b1', 'u_twin', 'author');
      await store.setRole('b1', 'u_own', 'reviewer');
      const colors = await colorsOf(store, 'b1');
      expect(colors.get('u_owner')).toBe('#1f5fbf');
      expect(colors.get('u_twin')).toBe(PALETTE[1]);
      expect(colors.get('u_own')).toBe('#1b7a3a');
      expect((await store.findConnectingMember('b1', 'u_twin'))?.member?.color).toBe(PALETTE[1]);
    });

    it('lets a member choose a readable colour far from the others’, and refuses the rest', async () => {
      await store.createUser(user('u_owner', '#1f5fbf'));
      await store.createUser(user('u_ben', '#b03a00'));
      await store.createBook({ id: 'b1', title: 'One', createdAt: 1 }, 'u_owner');
      await store.setRole('b1', 'u_ben', 'author');
      expect(await store.setMemberColor('b1', 'u_ben', '#2060c0')).toBe('too-close');
      expect(await store.setMemberColor('b1', 'u_ben', '#ffff00')).toBe('unreadable');
      expect(await store.setMemberColor('b1', 'u_ben', 'red')).toBe('malformed');
      expect(await store.setMemberColor('b1', 'u_nobody', '#8e24aa')).toBe('not-member');
      expect((await colorsOf(store, 'b1')).get('u_ben')).toBe('#b03a00');
      expect(await store.setMemberColor('b1', 'u_ben', '#8e24aa')).toBe('done');
      expect((await colorsOf(store, 'b1')).get('u_ben')).toBe('#8e24aa');
      // Their own current colour does not count against them; a role change keeps the choice.
      expect(await store.setMemberColor('b1', 'u_ben', '#8e24aa')).toBe('done');
      await store.setRole('b1', 'u_ben', 'reviewer');
      expect((await store.findConnectingMember('b1', 'u_ben'))?.member?.color).toBe('#8e24aa');
    });

    it('gives two people joining at once distinct colours', async () => {
      await store.createUser(user('u_owner', '#1f5fbf'));
      await store.createUser(user('u_a', '#b03a00'));
      await store.createUser(user('u_b', '#b03a00'));
      await store.createBook({ id: 'b1', title: 'One', createdAt: 1 }, 'u_owner');
      await Promise.all([store.setRole('b1', 'u_a', 'author'), store.setRole('b1', 'u_b', 'author')]);
      const colors = await colorsOf(store, 'b1');
      expect(colorDistance(colors.get('u_a')!, colors.get('u_b')!)).toBeGreaterThanOrEqual(
        MIN_COLOR_DISTANCE,
      );
    });

    it('never changes a member’s colour as others join, leave or change roles, and keeps all distinct', async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(accountColor, { minLength: 11, maxLength: 11 }),
          fc.array(step, { maxLength: 30 }),
          async (accountColors, steps) => {
            run += 1;
            const ids = accountColors.map((_, k) => `u_${run}_${k}`);
            const owner = `u_${run}_owner`;
            await store.createUser(user(owner, '#1f5fbf'));
            for (const [k, color] of accountColors.entries()) await store.createUser(user(ids[k]!, color));
            const bookId = `b_${run}`;
            await store.createBook({ id: bookId, title: 'Any', createdAt: run }, owner);
            const given = await colorsOf(store, bookId);
            for (const next of steps) {
              const who = ids[next.who]!;
              if (next.kind === 'join' && !given.has(who)) await store.setRole(bookId, who, next.role);
              else if (next.kind === 'leave') await store.removeMember(bookId, who);
              else if (next.kind === 'role' && given.has(who)) await store.setRole(bookId, who, 'reader');
              const now = await colorsOf(store, bookId);
              for (const [member, color] of given)
                if (now.has(member)) expect(now.get(member), member).toBe(color);
              for (const member of [...given.keys()]) if (!now.has(member)) given.delete(member);
              for (const [member, color] of now) given.set(member, color);
              // At most 12 members here, the palette's size: every pair stays apart.
              const colors = [...now.values()];
              for (const [k, a] of colors.entries()) {
                for (const b of colors.slice(k + 1))
                  expect(colorDistance(a, b), `${a} ${b}`).toBeGreaterThanOrEqual(MIN_COLOR_DISTANCE);
              }
            }
          },
        ),
        { numRuns: 40, seed: 19 },
      );
    });
  });
}

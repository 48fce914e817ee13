import { describe, expect, it } from 'vitest';
import { peopleByChapter } from '../src/people/book-presence';

const user = (id: string, name: string) => ({ id, name, color: '#336699', role: 'author' });

describe('book presence', () => {
  it('lists each person once per chapter they have open, and nobody for tabs on no chapter', () => {
    const states = new Map<number, unknown>([
      [1, { user: user('u1', 'Ada'), chapterId: 'c1' }],
      [2, { user: user('u1', 'Ada'), chapterId: 'c1' }],
      [3, { user: user('u2', 'Ben'), chapterId: 'c2' }],
      [4, { user: user('u3', 'Cy'), chapterId: null }],
      [5, { chapterId: 'c1' }],
      [6, { user: user('u4', 'Di'), chapterId: 'x'.repeat(65) }],
    ]);
    const people = peopleByChapter(states, 3);
    expect([...people.keys()].sort()).toEqual(['c1', 'c2']);
    expect(people.get('c1')?.map((person) => person.name)).toEqual(['Ada']);
    expect(people.get('c2')?.map((person) => person.name)).toEqual(['Ben']);
  });
});

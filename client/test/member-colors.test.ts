import { describe, expect, it } from 'vitest';
import { MIN_COLOR_DISTANCE, PALETTE, colorDistance, contrastOnWhite } from '@wethink/shared/client';
import { initialsOf, memberMarks } from '../src/people/member-colors';

const member = (userId: string, color: string, role = 'author', name = `Person ${userId}`) => ({
  userId,
  name,
  color,
  role,
});

describe('member colours', () => {
  it('has a palette readable under white initials and apart from each other', () => {
    for (const color of PALETTE) expect(contrastOnWhite(color), color).toBeGreaterThanOrEqual(4.5);
    for (const [i, a] of PALETTE.entries()) {
      for (const b of PALETTE.slice(i + 1))
        expect(colorDistance(a, b), `${a} ${b}`).toBeGreaterThanOrEqual(MIN_COLOR_DISTANCE);
    }
  });

  it('gives four people with two shared account colours four distinct colours', () => {
    const marks = memberMarks([
      member('u1', '#d9480f', 'owner'),
      member('u2', '#d9480f'),
      member('u3', '#5f3dc4', 'reviewer'),
      member('u4', '#5f3dc4', 'reader'),
    ]);
    const colors = [...marks.values()].map((mark) => mark.color);
    for (const [i, a] of colors.entries()) {
      for (const b of colors.slice(i + 1))
        expect(colorDistance(a, b)).toBeGreaterThanOrEqual(MIN_COLOR_DISTANCE);
    }
  });

  it('keeps an account colour that is readable and collides with no one', () => {
    const marks = memberMarks([member('u1', '#1b7a3a', 'owner'), member('u2', '#8e24aa')]);
    expect(marks.get('u1')?.color).toBe('#1b7a3a');
    expect(marks.get('u2')?.color).toBe('#8e24aa');
  });

  it('gives the owner their own colour whoever else joins, and the same colours in any list order', () => {
    const list = [member('u9', '#d9480f'), member('u1', '#d9480f', 'owner'), member('u5', '#2b8a3e')];
    const once = memberMarks(list);
    const reversed = memberMarks([...list].reverse());
    // #d9480f is too light for white initials: the owner gets the palette's first colour.
    expect(once.get('u1')?.color).toBe(PALETTE[0]);
    expect([...reversed]).toEqual(expect.arrayContaining([...once]));
  });

  it('writes initials from the first and last names', () => {
    expect(initialsOf('Ada Lovelace')).toBe('AL');
    expect(initialsOf('ben')).toBe('BE');
    expect(initialsOf('  Charles  Babbage Jr ')).toBe('CJ');
  });
});

import { describe, expect, it } from 'vitest';
import { mentionSegments } from '../../src/comments/mentions';

const mentionsOf = (body: string, names: string[]) =>
  mentionSegments(body, names)
    .filter((segment) => segment.isMention)
    .map((segment) => segment.text);

describe('mentionSegments', () => {
  it('splits the text into plain runs and @mentions of members, keeping every character', () => {
    const segments = mentionSegments('Ask @Ada, then @ben.', ['Ada', 'Ben']);
    expect(segments).toEqual([
      { text: 'Ask ', isMention: false },
      { text: '@Ada', isMention: true },
      { text: ', then ', isMention: false },
      { text: '@ben', isMention: true },
      { text: '.', isMention: false },
    ]);
    expect(segments.map((segment) => segment.text).join('')).toBe('Ask @Ada, then @ben.');
  });

  it('prefers the longest name and needs the whole name', () => {
    expect(mentionsOf('@Ada Lovelace and @Adam', ['Ada', 'Ada Lovelace'])).toEqual(['@Ada Lovelace']);
    expect(mentionsOf('@Adam', ['Ada'])).toEqual([]);
  });

  it('ignores an @ inside a word, unknown names and a lone @', () => {
    expect(mentionsOf('mail ada@example.org or @Zed @ end @', ['Ada', 'example'])).toEqual([]);
  });

  it('leaves markup as plain text', () => {
    const body = '<img src=x onerror="alert(1)"> @Ada';
    expect(mentionSegments(body, ['Ada'])).toEqual([
      { text: '<img src=x onerror="alert(1)"> ', isMention: false },
      { text: '@Ada', isMention: true },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  MAX_SUGGESTIONS,
  insertMention,
  matchingNames,
  mentionQueryAt,
} from '../../src/comments/mention-query';
import { mentionSegments } from '../../src/comments/mentions';

const names = ['Ada Lovelace', 'Ben', 'Bea', 'Charles Babbage', 'ada'];

describe('mentionQueryAt', () => {
  it('finds the @ being typed at the caret, names with spaces included', () => {
    expect(mentionQueryAt('Ask @Ad', 7)).toEqual({ start: 4, end: 7, text: 'Ad' });
    expect(mentionQueryAt('@', 1)).toEqual({ start: 0, end: 1, text: '' });
    expect(mentionQueryAt('cc @Ada Lo', 10)).toEqual({ start: 3, end: 10, text: 'Ada Lo' });
    // Only up to the caret: text after it is not part of the query.
    expect(mentionQueryAt('@Be and more', 3)).toEqual({ start: 0, end: 3, text: 'Be' });
  });

  it('is none inside a word (an email address), across a line break, after "@ " or without an @', () => {
    expect(mentionQueryAt('mail ada@exa', 12)).toBeNull();
    expect(mentionQueryAt('@Ada\nthen', 9)).toBeNull();
    expect(mentionQueryAt('@ Ada', 5)).toBeNull();
    expect(mentionQueryAt('no mention', 10)).toBeNull();
  });
});

describe('matchingNames', () => {
  it('offers names starting with the query first, then names with a later word starting with it', () => {
    expect(matchingNames(names, 'b')).toEqual(['Bea', 'Ben', 'Charles Babbage']);
    expect(matchingNames(names, 'ADA')).toEqual(['ada', 'Ada Lovelace']);
    expect(matchingNames(names, 'zed')).toEqual([]);
  });

  it('offers every name (at most a screenful) for a bare @, each once', () => {
    const many = Array.from({ length: 20 }, (_, index) => `Member ${String(index)}`);
    expect(matchingNames([...many, ...many], '')).toHaveLength(MAX_SUGGESTIONS);
    expect(matchingNames(['Ben', 'Ben', ' '], '')).toEqual(['Ben']);
  });
});

describe('insertMention', () => {
  it('replaces the query with @Name and a space, caret after it, keeping the rest', () => {
    const query = mentionQueryAt('Ask @ad now', 7)!;
    expect(insertMention('Ask @ad now', query, 'Ada Lovelace')).toEqual({
      value: 'Ask @Ada Lovelace now',
      caret: 18,
    });
    expect(insertMention('@b', mentionQueryAt('@b', 2)!, 'Ben')).toEqual({ value: '@Ben ', caret: 5 });
  });

  it('always yields text that reads as a mention of the picked name', () => {
    for (const prefix of ['', 'Hi', 'Hi,', 'line one\n']) {
      for (const suffix of ['', ' there', ', ok', 'x', '\nnext']) {
        for (const name of names) {
          for (let typed = 0; typed <= 3; typed += 1) {
            const before = `${prefix}${prefix === '' || prefix.endsWith('\n') ? '' : ' '}@${name.slice(0, typed)}`;
            const query = mentionQueryAt(before + suffix, before.length);
            expect(query, JSON.stringify(before)).not.toBeNull();
            const next = insertMention(before + suffix, query!, name);
            const mentions = mentionSegments(next.value, [name])
              .filter((segment) => segment.isMention)
              .map((segment) => segment.text);
            expect(mentions, JSON.stringify(next.value)).toContain(`@${name}`);
            expect(next.value.slice(0, next.caret).endsWith(`@${name} `)).toBe(true);
          }
        }
      }
    }
  });
});

import { describe, expect, it } from 'vitest';
import { exportQuery, type ExportRequestOptions } from '../../src/api/book-files';

const defaults: ExportRequestOptions = {
  hasComments: false,
  asOf: null,
  markdownLayout: 'single',
  coverImageId: null,
  versionOf: new Map(),
};

describe('exportQuery', () => {
  it('sends only the format when every option is at its default', () => {
    expect(exportQuery('epub', defaults)).toBe('format=epub');
  });

  it('sends comments, the time in ISO 8601 with its zone, and the cover as the server reads them', () => {
    const query = new URLSearchParams(
      exportQuery('pdf', {
        hasComments: true,
        asOf: new Date('2026-12-01T10:30:00Z'),
        markdownLayout: 'zip',
        coverImageId: 'a'.repeat(64),
        versionOf: new Map([['ch-1', 3]]),
      }),
    );
    expect(Object.fromEntries(query)).toEqual({
      format: 'pdf',
      comments: 'appendix',
      asOf: '2026-12-01T10:30:00.000Z',
      cover: 'a'.repeat(64),
    });
  });

  it('asks for the Markdown zip only when the format is Markdown', () => {
    expect(exportQuery('md', { ...defaults, markdownLayout: 'zip' })).toBe('format=md&markdown=zip');
    expect(exportQuery('html', { ...defaults, markdownLayout: 'zip' })).toBe('format=html');
  });

  it('sends chapters as named versions as chapterId:versionId pairs, unless a time is chosen', () => {
    const versionOf = new Map([
      ['ch-1', 3],
      ['ch-9', 12],
    ]);
    expect(new URLSearchParams(exportQuery('epub', { ...defaults, versionOf })).get('versions')).toBe(
      'ch-1:3,ch-9:12',
    );
  });
});

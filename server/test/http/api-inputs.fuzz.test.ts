import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bookWithChapter, chapterPath } from '../comments/comments-fixture';
import type { ApiUser } from '../protocol/api-user';
import { startTestServer, type TestServer } from '../start-test-server';

/**
 * Every route of the HTTP API, with `:params` to fill. Export formats are limited to the cheap
 * ones below (a PDF costs seconds of Chromium; its inputs are the same options as the others').
 */
const ROUTES: ReadonlyArray<readonly [string, string]> = [
  ['GET', '/api/me'],
  ['PATCH', '/api/me'],
  ['POST', '/api/me/password'],
  ['POST', '/api/auth/sign-in'],
  ['POST', '/api/auth/sign-up'],
  ['GET', '/api/books'],
  ['POST', '/api/books'],
  ['GET', '/api/books/:bookId'],
  ['PATCH', '/api/books/:bookId'],
  ['GET', '/api/books/:bookId/members'],
  ['PUT', '/api/books/:bookId/members/:userId'],
  ['PUT', '/api/books/:bookId/members/:userId/color'],
  ['PUT', '/api/books/:bookId/blocked-readers/:userId'],
  ['GET', '/api/books/:bookId/invites'],
  ['POST', '/api/books/:bookId/invites'],
  ['DELETE', '/api/books/:bookId/invites/:id'],
  ['GET', '/api/invites/:id'],
  ['POST', '/api/invites/:id/accept'],
  ['POST', '/api/books/:bookId/connection-token'],
  ['GET', '/api/books/:bookId/search'],
  ['GET', '/api/books/:bookId/changes'],
  ['GET', '/api/books/:bookId/because-of-me'],
  ['GET', '/api/books/:bookId/contributions'],
  ['GET', '/api/books/:bookId/credits'],
  ['GET', '/api/books/:bookId/export'],
  ['GET', '/api/books/:bookId/export/images'],
  ['POST', '/api/books/:bookId/images'],
  ['GET', '/api/books/:bookId/images/:id'],
  ['POST', '/api/books/import'],
  ['POST', '/api/books/:bookId/import'],
  ['DELETE', '/api/books/:bookId/trash/:chapterId'],
  ['GET', '/api/notifications'],
  ['POST', '/api/notifications/read'],
  ['GET', '/api/books/:bookId/chapters/:chapterId/versions'],
  ['POST', '/api/books/:bookId/chapters/:chapterId/versions'],
  ['GET', '/api/books/:bookId/chapters/:chapterId/versions/:id'],
  ['POST', '/api/books/:bookId/chapters/:chapterId/versions/:id/restore'],
  ['GET', '/api/books/:bookId/chapters/:chapterId/diff'],
  ['GET', '/api/books/:bookId/chapters/:chapterId/authorship'],
  ['GET', '/api/books/:bookId/chapters/:chapterId/contributions'],
  ['GET', '/api/books/:bookId/chapters/:chapterId/comments'],
  ['POST', '/api/books/:bookId/chapters/:chapterId/threads'],
  ['POST', '/api/books/:bookId/chapters/:chapterId/threads/:id/comments'],
  ['POST', '/api/books/:bookId/chapters/:chapterId/threads/:id/resolve'],
  ['POST', '/api/books/:bookId/chapters/:chapterId/threads/:id/reopen'],
  ['PATCH', '/api/books/:bookId/chapters/:chapterId/threads/:id/comments/:id'],
  ['DELETE', '/api/books/:bookId/chapters/:chapterId/threads/:id/comments/:id'],
  ['POST', '/api/books/:bookId/chapters/:chapterId/rounds'],
  ['POST', '/api/books/:bookId/chapters/:chapterId/rounds/:id/close'],
  ['POST', '/api/books/:bookId/chapters/:chapterId/rounds/:id/public'],
  ['DELETE', '/api/books/:bookId/chapters/:chapterId/rounds/:id/public'],
  ['POST', '/api/books/:bookId/chapters/:chapterId/public/join'],
  ['POST', '/api/books/:bookId/chapters/:chapterId/suggestions'],
  ['POST', '/api/books/:bookId/chapters/:chapterId/suggestions/accept-all'],
  ['POST', '/api/books/:bookId/chapters/:chapterId/suggestions/reject-all'],
  ['POST', '/api/books/:bookId/chapters/:chapterId/suggestions/:id/accept'],
  ['POST', '/api/books/:bookId/chapters/:chapterId/suggestions/:id/reject'],
  ['POST', '/api/books/:bookId/chapters/:chapterId/suggestions/:id/withdraw'],
  ['POST', '/api/books/:bookId/chapters/:chapterId/suggestions/:id/comments'],
];

/** Odd path segments: empty-looking, traversal, control and non-ASCII characters, huge. */
const oddSegment = fc.oneof(
  {
    arbitrary: fc.constantFrom(
      '%00',
      '..',
      '%2e%2e%2f',
      '%2F',
      'ch-1%00',
      '%ZZ',
      '%C0%AF',
      '-1',
      '0',
      '1e309',
      'NaN',
      ' ',
    ),
    weight: 4,
  },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }).map(encodeURIComponent), weight: 4 },
  { arbitrary: fc.integer({ min: 1, max: 5000 }).map((length) => 'x'.repeat(length)), weight: 1 },
);

const queryValue = fc.oneof(
  fc.constantFrom(
    '',
    'epub',
    'md',
    'html',
    'docx',
    'zip',
    'none',
    'appendix',
    '2026-12-07T00:00:00Z',
    'ch-1:1',
  ),
  fc.constantFrom('-1', '1e309', 'NaN', '9007199254740993', '[]', '{}', '%00', 'linux AND NOT "x', '*'),
  fc.string({ maxLength: 60 }),
  fc.constantFrom('q'.repeat(501), 'q'.repeat(10_000)),
);
const QUERY_KEYS = [
  'q',
  'format',
  'comments',
  'asOf',
  'versions',
  'markdown',
  'cover',
  'since',
  'from',
  'to',
  'round',
  'by',
  'split',
  'title',
  'limit',
];
const query = fc
  .array(fc.tuple(fc.constantFrom(...QUERY_KEYS), queryValue), { maxLength: 4 })
  // A PDF costs seconds of Chromium: its inputs are the same options as the other formats'.
  .map((pairs) => pairs.filter(([key, value]) => !(key === 'format' && value === 'pdf')));

const body = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc
    .record(
      {
        title: fc.jsonValue({ maxDepth: 1 }),
        name: fc.jsonValue({ maxDepth: 1 }),
        role: fc.oneof(
          fc.constantFrom('owner', 'author', 'reviewer', 'reader', 'god'),
          fc.jsonValue({ maxDepth: 1 }),
        ),
        color: fc.oneof(
          fc.constantFrom('#1f5fbf', '#ffffff', 'red', '#1F5FBF'),
          fc.jsonValue({ maxDepth: 1 }),
        ),
        body: fc.oneof(fc.string({ maxLength: 100 }), fc.jsonValue({ maxDepth: 1 })),
        id: fc.oneof(fc.uuid(), fc.string({ maxLength: 40 }), fc.jsonValue({ maxDepth: 1 })),
        commentId: fc.oneof(fc.uuid(), fc.jsonValue({ maxDepth: 1 })),
        anchor: fc.jsonValue({ maxDepth: 2 }),
        kind: fc.oneof(fc.constantFrom('insert', 'delete', 'format'), fc.jsonValue({ maxDepth: 1 })),
        at: fc.oneof(fc.base64String({ maxLength: 40 }), fc.jsonValue({ maxDepth: 1 })),
        text: fc.oneof(fc.string({ maxLength: 100 }), fc.jsonValue({ maxDepth: 1 })),
        email: fc.oneof(fc.emailAddress(), fc.jsonValue({ maxDepth: 1 })),
        password: fc.oneof(fc.string({ maxLength: 100 }), fc.jsonValue({ maxDepth: 1 })),
        ids: fc.jsonValue({ maxDepth: 2 }),
      },
      { requiredKeys: [] },
    )
    .map((value) => JSON.stringify(value)),
  fc.uint8Array({ maxLength: 2000 }).map((bytes) => Buffer.from(bytes)),
  fc.constantFrom('{', '{"a":', '\u0000', '[1,2', 'null', '"x"', '{"__proto__":{"polluted":1}}'),
);

const contentType = fc.constantFrom(
  'application/json',
  'application/json; charset=utf-16',
  'application/octet-stream',
  'text/plain',
  'multipart/form-data; boundary=x',
  'image/png',
  undefined,
);

describe('the HTTP API against arbitrary input', () => {
  let server: TestServer;
  const cleanups: (() => unknown)[] = [];
  let bookId: string;
  let callers: Record<string, ApiUser | null>;
  let realIds: Record<string, string>;
  const text = 'Where did we talk about Linux? Here.';

  beforeAll(async () => {
    server = await startTestServer();
    const team = await bookWithChapter(server, text, cleanups);
    bookId = team.bookId;
    callers = { ...team.members, stranger: team.stranger, 'signed out': null };
    realIds = { bookId, chapterId: 'ch-1', userId: team.members.reader.id };
  });
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
    await server?.stop();
  });

  it('answers every request with a status below 500 and keeps the chapter and the server as they were', async () => {
    const request = fc.record({
      route: fc.constantFrom(...ROUTES),
      who: fc.constantFrom('owner', 'author', 'reviewer', 'reader', 'stranger', 'signed out'),
      params: fc.array(
        fc.oneof({ arbitrary: fc.constant(null), weight: 3 }, { arbitrary: oddSegment, weight: 1 }),
        { minLength: 6, maxLength: 6 },
      ),
      query,
      body,
      contentType,
    });
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(
        request,
        async ({ route: [method, template], who, params, query, body, contentType }) => {
          let index = 0;
          // Each `:param` is the real one (three times in four) or an odd segment.
          const path = template.replace(/:(\w+)/g, (_whole, name: string) => {
            const odd = params[index++ % params.length];
            return odd ?? realIds[name] ?? 'no-such-id';
          });
          const search = new URLSearchParams(query).toString();
          const caller = callers[who];
          const headers: Record<string, string> = {};
          if (contentType !== undefined && body !== undefined) headers['content-type'] = contentType;
          if (caller) headers.cookie = caller.cookie;
          const response = await fetch(`${server.url}${path}${search ? `?${search}` : ''}`, {
            method,
            headers,
            ...(body === undefined || method === 'GET' ? {} : { body }),
          });
          await response.arrayBuffer();
          if (response.status >= 500)
            failures.push(`${method} ${path}?${search} as ${who}: ${response.status}`);
          return response.status < 500;
        },
      ),
      { numRuns: 5000, seed: 2026_12_07, endOnFailure: true },
    );
    expect(failures).toEqual([]);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    // Whatever was sent, the chapter's text is its writers' (no route here writes text but
    // restore and accepting a suggestion, and those need ids the fuzz does not have).
    const chapter = await callers.owner!.json<{ runs: { text: string }[] }>(
      'GET',
      chapterPath(bookId, '/authorship'),
    );
    expect(chapter.runs.map((run) => run.text).join('')).toContain(text);
  });
});

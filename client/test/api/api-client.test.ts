import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiClient, type ApiClient } from '../../src/api/api-client';
import { ApiError, errorMessage } from '../../src/api/api-error';

interface Recorded {
  method: string;
  url: string;
  contentType: string | undefined;
  body: string;
}

/** Answers by path: `/status/<code>` with a JSON error body, the rest as listed. */
let server: http.Server;
let baseUrl: string;
const requests: Recorded[] = [];

beforeAll(async () => {
  server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      requests.push({
        method: request.method ?? '',
        url: request.url ?? '',
        contentType: request.headers['content-type'],
        body,
      });
      const json = (status: number, value: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(value));
      };
      const error = (status: number, code: string, message: string) =>
        json(status, { error: { code, message } });
      const url = request.url ?? '';
      if (url === '/api/me') return error(401, 'unauthenticated', 'not signed in');
      if (url === '/api/auth/sign-in')
        return error(429, 'rate-limited', 'too many attempts, try again later');
      if (url === '/api/auth/sign-up') return error(409, 'conflict', 'an account with this email exists');
      if (url === '/api/auth/sign-out') return void response.writeHead(204).end();
      if (url === '/api/books' && request.method === 'POST')
        return json(201, {
          book: { id: 'b_1', title: JSON.parse(body).title, role: 'owner', createdAt: 'x' },
        });
      if (url === '/api/books/b_1') return error(404, 'not-found', 'no such book');
      if (url === '/api/books/b_1/members/u_1') return error(409, 'conflict', 'a book needs an owner');
      if (url === '/api/books/b_2/invites') return error(403, 'forbidden', 'only the owner may do this');
      if (url === '/api/invites/bad%2Fcode') return error(400, 'invalid-request', 'code: invalid');
      if (url === '/api/books/b_3') {
        response.writeHead(502, { 'content-type': 'text/html' });
        return response.end('<html>Bad gateway</html>');
      }
      return error(500, 'internal', 'internal error');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

function client(): ApiClient {
  return createApiClient({ fetch: (url, init) => fetch(url, init), baseUrl });
}

async function failure(call: Promise<unknown>): Promise<ApiError> {
  const error = await call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('createApiClient', () => {
  it('sends JSON bodies and unwraps the response view', async () => {
    const book = await client().createBook('My book');
    expect(book).toMatchObject({ id: 'b_1', title: 'My book', role: 'owner' });
    expect(requests.at(-1)).toMatchObject({
      method: 'POST',
      url: '/api/books',
      contentType: 'application/json',
      body: '{"title":"My book"}',
    });
  });

  it('sends no body and no JSON content type when there is nothing to send', async () => {
    await client().signOut();
    expect(requests.at(-1)).toMatchObject({ method: 'POST', contentType: undefined, body: '' });
  });

  it('maps 401, 404, 409, 403 and 400 to kinds, keeping the server message as a sentence', async () => {
    const api = client();
    expect(await failure(api.me())).toMatchObject({
      kind: 'unauthenticated',
      status: 401,
      message: 'Not signed in.',
    });
    expect(await failure(api.getBook('b_1'))).toMatchObject({ kind: 'not-found', code: 'not-found' });
    expect(await failure(api.setRole('b_1', 'u_1', 'author'))).toMatchObject({
      kind: 'conflict',
      message: 'A book needs an owner.',
    });
    expect(await failure(api.signUp({ email: 'a@b.co', name: 'A', password: '12345678' }))).toMatchObject({
      kind: 'conflict',
      message: 'An account with this email exists.',
    });
    expect(await failure(api.listInvites('b_2'))).toMatchObject({ kind: 'forbidden', status: 403 });
    expect(await failure(api.previewInvite('bad/code'))).toMatchObject({ kind: 'invalid', status: 400 });
  });

  it('says what to do on a rate limit', async () => {
    const error = await failure(client().signIn({ email: 'a@b.co', password: 'x' }));
    expect(error).toMatchObject({ kind: 'rate-limited', status: 429, code: 'rate-limited' });
    expect(error.message).toMatch(/wait a minute/i);
  });

  it('treats a non-JSON error page as a server failure', async () => {
    expect(await failure(client().getBook('b_3'))).toMatchObject({ kind: 'server', status: 502 });
    expect(await failure(client().listBooks())).toMatchObject({ kind: 'server', status: 500 });
  });

  it('reports a server that does not answer as unreachable, with the cause', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const api = createApiClient({
      fetch: (url, init) => fetch(url, init),
      baseUrl: `http://127.0.0.1:${port}`,
    });
    const error = await failure(api.me());
    expect(error).toMatchObject({ kind: 'unreachable', status: 0 });
    expect(error.cause).toBeInstanceOf(Error);
    expect(errorMessage(error)).toMatch(/cannot be reached/);
  });
});

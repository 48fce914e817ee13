import { randomUUID } from 'node:crypto';
import type { DocAccess, DocRoute } from './server-under-test';

/**
 * Connection tokens live 5 minutes and are checked only at connect; one older than this is
 * minted again by `prepare`, so a client connecting right after it always holds a valid one.
 */
const TOKEN_REFRESH_AFTER_MS = 4 * 60_000;
const REQUEST_TIMEOUT_MS = 15_000;

interface BookGrant {
  bookId: string;
  token: string;
  mintedAtMs: number;
  expiresAtMs: number;
}

/**
 * The bench's user on one wethink data directory: its session cookie and one book per first
 * segment of the bench's document names. A sqlite server keeps accounts and its token secret in
 * the data dir, so the same account (cookie, books, tokens) serves it after a restart; a memory
 * server forgets them, so each of its starts gets a new account.
 */
export class WethinkAccount {
  /** `name=value` pairs of the session cookie(s), as a `cookie` request header; null before sign-up. */
  cookie: string | null = null;
  readonly books = new Map<string, BookGrant>();
  readonly email = `bench-${randomUUID().slice(0, 8)}@example.com`;
}

/**
 * Wethink's HTTP API as the bench uses it: sign up once, create a book per first name segment,
 * mint a connection token per book. The room becomes `<bookId>/<rest of the name>` (a one-segment
 * name `x` becomes `<bookId>/x`) and the token travels as `?token=` on the upgrade only.
 */
export class WethinkAccess implements DocAccess {
  private readonly pending = new Map<string, Promise<void>>();
  private signingIn: Promise<void> | null = null;

  constructor(
    private readonly apiBaseUrl: string,
    private readonly account: WethinkAccount,
  ) {}

  async prepare(docNames: Iterable<string>): Promise<void> {
    await this.signIn();
    const segments = new Set<string>();
    for (const name of docNames) segments.add(splitDocName(name).segment);
    // One at a time: at most a few dozen books, and the server's CPU core is not flooded.
    for (const segment of segments) await this.readyBook(segment);
  }

  route(docName: string): DocRoute {
    const { segment, rest } = splitDocName(docName);
    const grant = this.account.books.get(segment);
    if (!grant) throw new Error(`no book for "${docName}": call endpoint.access.prepare() before connecting`);
    if (Date.now() >= grant.expiresAtMs)
      throw new Error(`connection token for "${docName}" expired: call endpoint.access.prepare() again`);
    return { room: `${grant.bookId}/${rest}`, params: { token: grant.token } };
  }

  /** Signs the bench user up unless this account already has a session (a sqlite restart). */
  private signIn(): Promise<void> {
    if (this.account.cookie) return Promise.resolve();
    this.signingIn ??= this.signUp().finally(() => {
      this.signingIn = null;
    });
    return this.signingIn;
  }

  private async signUp(): Promise<void> {
    const body = { email: this.account.email, name: 'Bench', password: 'bench-password' };
    const response = await this.request('POST', '/api/auth/sign-up', body);
    const cookies = response.headers.getSetCookie().map((line) => line.split(';', 1)[0] ?? '');
    if (cookies.length === 0) throw new Error('wethink sign-up answered without a session cookie');
    this.account.cookie = cookies.join('; ');
  }

  /** Creates the segment's book once, and mints its token again once it is getting old. */
  private readyBook(segment: string): Promise<void> {
    const grant = this.account.books.get(segment);
    if (grant && Date.now() - grant.mintedAtMs < TOKEN_REFRESH_AFTER_MS) return Promise.resolve();
    let readying = this.pending.get(segment);
    if (!readying) {
      readying = this.grantBook(segment, grant?.bookId).finally(() => this.pending.delete(segment));
      this.pending.set(segment, readying);
    }
    return readying;
  }

  private async grantBook(segment: string, existingBookId: string | undefined): Promise<void> {
    const bookId = existingBookId ?? (await this.createBook(segment));
    const mintedAtMs = Date.now();
    const minted = (await this.json('POST', `/api/books/${bookId}/connection-token`)) as {
      token?: unknown;
      expiresAt?: unknown;
    };
    if (typeof minted.token !== 'string' || typeof minted.expiresAt !== 'string')
      throw new Error(`connection-token for ${bookId} answered ${JSON.stringify(minted)}`);
    const expiresAtMs = Date.parse(minted.expiresAt);
    this.account.books.set(segment, { bookId, token: minted.token, mintedAtMs, expiresAtMs });
  }

  private async createBook(segment: string): Promise<string> {
    const created = (await this.json('POST', '/api/books', { title: `bench ${segment}` })) as {
      book?: { id?: unknown };
    };
    const id = created.book?.id;
    if (typeof id !== 'string') throw new Error(`POST /api/books answered ${JSON.stringify(created)}`);
    return id;
  }

  private async json(method: string, path: string, body?: unknown): Promise<unknown> {
    return (await this.request(method, path, body)).json();
  }

  private async request(method: string, path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.account.cookie) headers.cookie = this.account.cookie;
    const response = await fetch(new URL(path, this.apiBaseUrl), {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (!response.ok)
      throw new Error(`wethink ${method} ${path} answered ${response.status}: ${await response.text()}`);
    return response;
  }
}

/** `book/chapter/x` → segment `book`, rest `chapter/x`; a one-segment name is its own rest. */
function splitDocName(docName: string): { segment: string; rest: string } {
  const slash = docName.indexOf('/');
  if (slash === -1) return { segment: docName, rest: docName };
  return { segment: docName.slice(0, slash), rest: docName.slice(slash + 1) };
}

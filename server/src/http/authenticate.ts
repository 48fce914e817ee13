import type { IncomingMessage } from 'node:http';
import { fastifyCookie } from '@fastify/cookie';
import { AppError, type AwarenessIdentity, type DocName } from '@wethink/shared';
import type { AccountService } from '../accounts/account-service';
import { SESSION_COOKIE } from './session-cookie';

/**
 * Decides who is behind a WebSocket upgrade, before the handshake completes. Resolves with the
 * member's identity in the document's book, or rejects with an `AppError` whose HTTP status the
 * gateway answers with (401 not signed in / bad token, 403 not a member, 404 no such book).
 */
export interface Authenticator {
  authenticate(request: IncomingMessage, name: DocName): Promise<Admission>;
}

/** Who is connecting, and as what: a member of the book, or a reader through a public link. */
export interface Admission {
  identity: AwarenessIdentity;
  audience: 'member' | 'public';
}

/** Admits readers through review rounds' public links (comments/public-drafts.ts). */
export interface PublicLinks {
  admit(name: DocName, code: string): Promise<AwarenessIdentity>;
}

/** The book a document belongs to: its name's first segment (`<book>` or `<book>/<chapter>`). */
export function bookIdOf(name: DocName): string {
  return name.split('/', 1)[0]!;
}

/**
 * Accounts-backed authentication: a `?token=` connection token, else the session cookie. The
 * cookie only counts for same-origin upgrades: a page on another site must not ride a signed-in
 * author's cookie into the book (cross-site WebSocket hijacking); tokens are explicit and exempt.
 */
export function createAccountAuthenticator(
  accounts: AccountService,
  publicLinks?: PublicLinks,
): Authenticator {
  return {
    async authenticate(request, name) {
      const query = new URLSearchParams((request.url ?? '').split('?')[1] ?? '');
      const publicCode = query.get('public');
      if (publicCode !== null) {
        if (!publicLinks) throw new AppError('not-found', 'no such public link');
        return { identity: await publicLinks.admit(name, publicCode), audience: 'public' };
      }
      const token = query.get('token') ?? undefined;
      let sessionToken: string | undefined;
      if (!token) {
        if (!isSameOrigin(request)) throw new AppError('forbidden', 'cross-origin upgrade needs a token');
        sessionToken = fastifyCookie.parse(request.headers.cookie ?? '')[SESSION_COOKIE];
      }
      const identity = await accounts.authorizeConnection({ token, sessionToken }, bookIdOf(name));
      return {
        identity: { id: identity.userId, name: identity.name, color: identity.color, role: identity.role },
        audience: 'member',
      };
    },
  };
}

function isSameOrigin(request: IncomingMessage): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true; // not a browser: cookies are its own
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

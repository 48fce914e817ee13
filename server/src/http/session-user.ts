import type { FastifyRequest } from 'fastify';
import type { AccountService } from '../accounts/account-service';
import { SESSION_COOKIE } from './session-cookie';

/** The signed-in user's id from the session cookie; rejects with `unauthenticated` (401). */
export function sessionUser(accounts: AccountService): (request: FastifyRequest) => Promise<string> {
  return async (request) => (await accounts.userForSession(request.cookies[SESSION_COOKIE])).id;
}

/**
 * A route's rate limit per signed-in user (else per client address), per minute: for writes that
 * copy a whole document (comments, suggestions). Counted in Redis when instances share it.
 */
export function perUserLimit(max: number) {
  return {
    config: {
      rateLimit: {
        max,
        timeWindow: '1 minute',
        keyGenerator: (request: FastifyRequest) => request.cookies[SESSION_COOKIE] ?? request.ip,
      },
    },
  };
}

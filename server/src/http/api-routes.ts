import fastifyCookie from '@fastify/cookie';
import fastifyRateLimit from '@fastify/rate-limit';
import type { Redis } from 'ioredis';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  AppError,
  ChangePasswordRequest,
  CreateBookRequest,
  CreateInviteRequest,
  SignInRequest,
  SignUpRequest,
  UpdateBookRequest,
  UpdateMeRequest,
  UpdateMemberColorRequest,
  UpdateMemberRequest,
  type ApiErrorBody,
  type UserView,
} from '@wethink/shared';
import type { AccountService } from '../accounts/account-service';
import type { Logger } from '../logger';
import { SESSION_COOKIE } from './session-cookie';
import { parse } from './validate';

/** JSON API under /api: accounts, books, members, invites, connection tokens. */
export async function registerApiRoutes(
  app: FastifyInstance,
  deps: {
    accounts: AccountService;
    logger: Logger;
    secureCookies: boolean;
    signInPerMinute: number;
    signUpPerMinute: number;
    /** Counters shared by every instance; a Redis outage lets requests through rather than fail them. */
    rateLimitRedis?: Redis;
  },
): Promise<void> {
  const { accounts } = deps;
  await app.register(fastifyCookie);
  await app.register(fastifyRateLimit, {
    global: false,
    ...(deps.rateLimitRedis
      ? { redis: deps.rateLimitRedis, nameSpace: 'wethink:rate-limit:', skipOnError: true }
      : {}),
  });

  app.setErrorHandler((error: Error & { statusCode?: number; code?: string }, request, reply) => {
    if (error instanceof AppError) {
      return reply
        .code(error.httpStatus)
        .send({ error: { code: error.code, message: error.message } } satisfies ApiErrorBody);
    }
    if (error.statusCode === 429) {
      return reply
        .code(429)
        .send({ error: { code: 'rate-limited', message: 'too many attempts, try again later' } });
    }
    if (error.statusCode && error.statusCode < 500) {
      return reply
        .code(error.statusCode)
        .send({ error: { code: 'invalid-request', message: error.message } });
    }
    deps.logger.error({ err: error, url: request.url }, 'request failed');
    return reply.code(500).send({ error: { code: 'internal', message: 'internal error' } });
  });

  const setSession = (reply: FastifyReply, token: string): void => {
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'strict',
      secure: deps.secureCookies,
      maxAge: 30 * 24 * 3600,
    });
  };
  const currentUser = (request: FastifyRequest): Promise<UserView> =>
    accounts.userForSession(request.cookies[SESSION_COOKIE]);
  const userIdOf = async (request: FastifyRequest): Promise<string> => (await currentUser(request)).id;
  type BookParams = { Params: { bookId: string } };
  type MemberParams = { Params: { bookId: string; userId: string } };

  app.post(
    '/api/auth/sign-up',
    { config: { rateLimit: { max: deps.signUpPerMinute, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const { user, sessionToken } = await accounts.signUp(parse(SignUpRequest, request.body));
      setSession(reply, sessionToken);
      return reply.code(201).send({ user });
    },
  );

  app.post(
    '/api/auth/sign-in',
    { config: { rateLimit: { max: deps.signInPerMinute, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const { user, sessionToken } = await accounts.signIn(parse(SignInRequest, request.body));
      setSession(reply, sessionToken);
      return { user };
    },
  );

  app.post('/api/auth/sign-out', async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await accounts.signOut(token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  // Who is signed in, or `{ user: null }`: a signed-out page asks on every load, and a 401 there
  // was an error in every browser console for an ordinary state (issue 19).
  app.get('/api/me', async (request) => {
    try {
      return { user: await currentUser(request) };
    } catch (error) {
      if (error instanceof AppError && error.code === 'unauthenticated') return { user: null };
      throw error;
    }
  });

  app.patch('/api/me', async (request) => {
    const fields = parse(UpdateMeRequest, request.body);
    return { user: await accounts.updateProfile(await userIdOf(request), fields) };
  });

  // Limited like sign-in: a session left open somewhere must not become a password oracle.
  app.post(
    '/api/me/password',
    { config: { rateLimit: { max: deps.signInPerMinute, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const body = parse(ChangePasswordRequest, request.body);
      const userId = await userIdOf(request);
      await accounts.changePassword(userId, request.cookies[SESSION_COOKIE] ?? '', body);
      return reply.code(204).send();
    },
  );

  app.post('/api/me/sign-out-everywhere', async (request, reply) => {
    await accounts.signOutEverywhere(await userIdOf(request));
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send();
  });

  app.get('/api/books', async (request) => ({ books: await accounts.listBooks(await userIdOf(request)) }));

  app.post('/api/books', async (request, reply) => {
    const { title } = parse(CreateBookRequest, request.body);
    return reply.code(201).send({ book: await accounts.createBook(await userIdOf(request), title) });
  });

  app.get<BookParams>('/api/books/:bookId', async (request) => ({
    book: await accounts.getBook(await userIdOf(request), request.params.bookId),
  }));

  app.patch<BookParams>('/api/books/:bookId', async (request) => {
    const { title } = parse(UpdateBookRequest, request.body);
    return { book: await accounts.renameBook(await userIdOf(request), request.params.bookId, title) };
  });

  app.get<BookParams>('/api/books/:bookId/members', async (request) => ({
    members: await accounts.listMembers(await userIdOf(request), request.params.bookId),
  }));

  app.put<MemberParams>('/api/books/:bookId/members/:userId', async (request) => {
    const { role } = parse(UpdateMemberRequest, request.body);
    return {
      member: await accounts.setRole(
        await userIdOf(request),
        request.params.bookId,
        request.params.userId,
        role,
      ),
    };
  });

  app.put<MemberParams>('/api/books/:bookId/members/:userId/color', async (request) => {
    const { color } = parse(UpdateMemberColorRequest, request.body);
    const actorId = await userIdOf(request);
    const { bookId, userId } = request.params;
    return { member: await accounts.setMemberColor(actorId, bookId, userId, color) };
  });

  app.delete<MemberParams>('/api/books/:bookId/members/:userId', async (request, reply) => {
    await accounts.removeMember(await userIdOf(request), request.params.bookId, request.params.userId);
    return reply.code(204).send();
  });

  app.get<BookParams>('/api/books/:bookId/invites', async (request) => ({
    invites: await accounts.listInvites(await userIdOf(request), request.params.bookId),
  }));

  app.post<BookParams>('/api/books/:bookId/invites', async (request, reply) => {
    const { role, expiresInDays, maxUses } = parse(CreateInviteRequest, request.body);
    const userId = await userIdOf(request);
    const invite = await accounts.createInvite(userId, request.params.bookId, role, {
      expiresInDays,
      maxUses,
    });
    return reply.code(201).send({ invite });
  });

  app.delete<{ Params: { bookId: string; inviteId: string } }>(
    '/api/books/:bookId/invites/:inviteId',
    async (request, reply) => {
      await accounts.revokeInvite(await userIdOf(request), request.params.bookId, request.params.inviteId);
      return reply.code(204).send();
    },
  );

  app.get<{ Params: { code: string } }>('/api/invites/:code', async (request) => ({
    invite: await accounts.previewInvite(request.params.code),
  }));

  app.post<{ Params: { code: string } }>('/api/invites/:code/accept', async (request) => ({
    book: await accounts.acceptInvite(await userIdOf(request), request.params.code),
  }));

  app.post<BookParams>('/api/books/:bookId/connection-token', async (request) => {
    const { token, expiresAt } = await accounts.mintConnectionToken(
      await userIdOf(request),
      request.params.bookId,
    );
    return { token, expiresAt: expiresAt.toISOString() };
  });
}

import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type client from 'prom-client';
import type { AccountService } from '../accounts/account-service';
import type { AuthConfig } from '../config';
import type { CommentsService } from '../comments/comments-service';
import type { SuggestionsService } from '../comments/suggestions-service';
import type { PublicDrafts } from '../comments/public-drafts';
import type { Notifications } from '../comments/notifications';
import type { HistoryService } from '../history/history-service';
import type { Logger } from '../logger';
import { registerApiRoutes } from './api-routes';
import { registerCommentRoutes } from './comment-routes';
import { registerHistoryRoutes } from './history-routes';
import { registerStructureRoutes } from './structure-routes';
import { registerSearchRoutes } from './search-routes';
import { registerImageRoutes } from './image-routes';
import type { ImageService } from '../figures/image-service';
import type { SearchService } from '../search/search-service';
import type { ChapterPurge } from '../structure/chapter-purge';
import { registerSuggestionRoutes } from './suggestion-routes';
import type { BecauseOfYou } from '../comments/because-of-you';
import { registerPublicDraftRoutes } from './public-draft-routes';

import type { SyncGateway } from './sync-gateway';

/** HTTP routes: health, metrics, the JSON API, and the built client with an SPA fallback. */
export async function createHttpApp(deps: {
  clientDist: string;
  accounts: AccountService;
  history: HistoryService;
  comments: CommentsService;
  suggestions: SuggestionsService;
  becauseOfYou: BecauseOfYou;
  publicDrafts: PublicDrafts;
  notifications: Notifications;
  auth: AuthConfig;
  logger: Logger;
  metricsRegistry: client.Registry;
  gateway: SyncGateway;
  isShuttingDown: () => boolean;
  /** Shared rate-limit counters when several instances serve one site (else per process). */
  rateLimitRedis?: Redis;
  /** Behind a load balancer: client addresses (rate limits) come from X-Forwarded-For. */
  trustProxy: boolean;
  /** Book structure (issue 21): purging chapters from the trash. */
  purge: ChapterPurge;
  /** Full-text search over a book (issue 21). */
  search: SearchService;
  /** Figures' images (issue 21). */
  images: ImageService;
}): Promise<FastifyInstance> {
  const app = Fastify({ logger: false, forceCloseConnections: true, trustProxy: deps.trustProxy });

  app.get('/healthz', async (_request, reply) => {
    if (deps.isShuttingDown()) return reply.code(503).send({ status: 'shutting-down' });
    return { status: 'ok', connections: deps.gateway.connectionCount };
  });

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', deps.metricsRegistry.contentType);
    return deps.metricsRegistry.metrics();
  });

  await registerApiRoutes(app, {
    accounts: deps.accounts,
    logger: deps.logger,
    secureCookies: deps.auth.secureCookies,
    signInPerMinute: deps.auth.signInPerMinute,
    signUpPerMinute: deps.auth.signUpPerMinute,
    ...(deps.rateLimitRedis ? { rateLimitRedis: deps.rateLimitRedis } : {}),
  });
  registerHistoryRoutes(app, { accounts: deps.accounts, history: deps.history });
  registerCommentRoutes(app, {
    accounts: deps.accounts,
    comments: deps.comments,
    notifications: deps.notifications,
    writesPerMinute: deps.auth.commentWritesPerMinute,
  });
  registerSuggestionRoutes(app, {
    accounts: deps.accounts,
    comments: deps.comments,
    suggestions: deps.suggestions,
    becauseOfYou: deps.becauseOfYou,
    writesPerMinute: deps.auth.commentWritesPerMinute,
  });
  registerPublicDraftRoutes(app, { accounts: deps.accounts, publicDrafts: deps.publicDrafts });
  (await import('./export-routes')).registerExportRoutes(app, deps);
  registerStructureRoutes(app, { accounts: deps.accounts, purge: deps.purge });
  registerSearchRoutes(app, { accounts: deps.accounts, search: deps.search });
  registerImageRoutes(app, { accounts: deps.accounts, images: deps.images });

  const indexHtml = path.join(deps.clientDist, 'index.html');
  if (fs.existsSync(indexHtml)) {
    await app.register(fastifyStatic, { root: deps.clientDist, wildcard: false });
    app.setNotFoundHandler((request, reply) => {
      if (request.method === 'GET' && !request.url.startsWith('/api/')) return reply.sendFile('index.html');
      return reply.code(404).send({ error: 'not found' });
    });
  } else {
    app.get('/', async (_request, reply) =>
      reply
        .code(503)
        .type('text/plain')
        .send(`client not built: ${deps.clientDist} has no index.html (run pnpm build)`),
    );
  }

  app.server.on('upgrade', (request, socket, head) => deps.gateway.handleUpgrade(request, socket, head));
  return app;
}

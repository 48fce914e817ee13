import path from 'node:path';
import { AccountService } from './accounts/account-service';
import type { AccountStore } from './accounts/account-store';
import { MemoryAccountStore } from './accounts/memory-account-store';
import { PostgresAccountStore } from './accounts/postgres-account-store';
import { SqliteAccountStore } from './accounts/sqlite-account-store';
import { ConnectionTokens } from './accounts/tokens';
import type { Config } from './config';
import type { Role } from '@wethink/shared';
import { CommentsService } from './comments/comments-service';
import { SuggestionsService } from './comments/suggestions-service';
import { createPostgresDecisionGate } from './comments/decision-gate';
import { BecauseOfYou } from './comments/because-of-you';
import { PublicDrafts } from './comments/public-drafts';
import { Notifications } from './comments/notifications';
import { createAccountAuthenticator } from './http/authenticate';
import { createHttpApp } from './http/app';
import { createMetrics, registerReadGauge } from './http/metrics';
import { HistoryRecorder } from './history/history-recorder';
import { HistoryService } from './history/history-service';
import { SyncGateway } from './http/sync-gateway';
import type { Logger } from './logger';
import type { DocumentStore } from './storage/document-store';
import { MemoryDocumentStore } from './storage/memory-store';
import { PostgresDocumentStore } from './storage/postgres-document-store';
import { openPostgres, type PostgresDatabase } from './storage/postgres/postgres-database';
import { SqliteDocumentStore } from './storage/sqlite-store';
import { RedisReplicaHub } from './scale/redis-replica-hub';
import type { UpdateFeed } from './storage/document-store';
import { GroupCommit } from './sync/group-commit';
import { documentRules } from './structure/book-index-rule';
import { withPurgeWatch } from './structure/purge-watch';
import { ChapterPurge } from './structure/chapter-purge';
import { createSearchIndex } from './search/create-search-index';
import { ChapterIndexer } from './search/chapter-indexer';
import { withSearchIndexing } from './search/indexing-history';
import { SearchService } from './search/search-service';
import { createBlobStore } from './figures/create-blob-store';
import { ImageService } from './figures/image-service';
import { NoticeHub } from './sync/notice-hub';
import { RoomRegistry } from './sync/room-registry';

export interface RunningServer {
  /** `http://host:port` actually bound (the port is real even when config asked for 0). */
  url: string;
  port: number;
  registry: RoomRegistry;
  store: DocumentStore;
  /** Users, books and members, with every rule about who may do what. */
  accounts: AccountService;
  accountStore: AccountStore;
  /** Contributions and versions as they are recorded. */
  history: HistoryRecorder;
  /** Graceful stop: refuse new connections, close peers with 1001, flush, close storage. */
  stop(): Promise<void>;
}

/**
 * The PostgreSQL database (pool, migrated schema) that the document and account stores share when
 * STORAGE=postgres, else null. Its opener closes it, after the stores.
 */
export async function openDatabase(config: Config, logger: Logger): Promise<PostgresDatabase | null> {
  if (!config.postgres) return null;
  return openPostgres({
    databaseUrl: config.postgres.databaseUrl,
    poolSize: config.postgres.poolSize,
    logger: logger.child({ component: 'postgres' }),
  });
}

export function createStore(config: Config, postgres: PostgresDatabase | null = null): DocumentStore {
  switch (config.storage) {
    case 'memory':
      return new MemoryDocumentStore();
    case 'sqlite':
      return SqliteDocumentStore.open(path.join(config.dataDir, 'wethink.sqlite'));
    case 'postgres':
      if (!postgres) throw new Error('STORAGE=postgres needs the database from openDatabase()');
      return new PostgresDocumentStore(postgres);
  }
}

export function createAccountStore(config: Config, postgres: PostgresDatabase | null): AccountStore {
  switch (config.storage) {
    case 'memory':
      return new MemoryAccountStore();
    case 'sqlite':
      return SqliteAccountStore.open(path.join(config.dataDir, 'accounts.sqlite'));
    case 'postgres':
      if (!postgres) throw new Error('STORAGE=postgres needs the database from openDatabase()');
      return new PostgresAccountStore(postgres);
  }
}

/**
 * The database (if any) and both stores, with members' colours made distinct in every book once
 * per database; a store that fails to open closes the database again.
 */
async function openStores(
  config: Config,
  logger: Logger,
  given: DocumentStore | undefined,
): Promise<{ postgres: PostgresDatabase | null; store: DocumentStore; accountStore: AccountStore }> {
  const postgres = await openDatabase(config, logger);
  try {
    const store = given ?? createStore(config, postgres);
    const accountStore = createAccountStore(config, postgres);
    const recoloured = await accountStore.separateClashingColors();
    if (recoloured > 0)
      logger.info({ recoloured }, 'members whose colours clashed in a book got distinct ones');
    return { postgres, store, accountStore };
  } catch (error) {
    await postgres?.close();
    throw error;
  }
}

/** A chapter is indexed for search once its updates pause this long, or 0.9 s after the first at
 * the latest (searchable within a second). */
const SEARCH_INDEX_QUIET_MS = 400;
const SEARCH_INDEX_MAX_DELAY_MS = 900;

/** How long a gap in another instance's sequence numbers may wait before PostgreSQL is asked. */
const REPLICA_GAP_WAIT_MS = 30;

/**
 * The Redis hub when several instances serve one database (REDIS_URL), else null. `onMembership`
 * is called for role changes made on other instances.
 */
function createReplicaHub(
  config: Config,
  store: DocumentStore,
  logger: Logger,
  memberships: {
    changed: (bookId: string, userId: string, role: Role | null) => void;
    unknown: () => Promise<void>;
  },
  notices: NoticeHub,
): RedisReplicaHub | null {
  if (!config.cluster) return null;
  if (!isUpdateFeed(store)) throw new Error('REDIS_URL needs a store that reads by sequence (PostgreSQL)');
  return new RedisReplicaHub({
    redisUrl: config.cluster.redisUrl,
    instanceId: config.cluster.instanceId,
    feed: store,
    logger,
    headCheckMs: config.cluster.headCheckMs,
    degradedHeadCheckMs: Math.min(200, config.cluster.headCheckMs),
    livenessTtlMs: 3000,
    streamMaxLength: 1000,
    onMembershipChange: memberships.changed,
    onMembershipUnknown: memberships.unknown,
    membershipCheckMs: 2000,
    onNotificationsChanged: (userIds) => notices.deliverNotifications(userIds),
  });
}

function isUpdateFeed(store: DocumentStore): store is DocumentStore & UpdateFeed {
  return typeof (store as Partial<UpdateFeed>).readSince === 'function';
}

/** Wires storage, rooms, the WebSocket gateway and HTTP, and starts listening. */
export async function startServer(
  config: Config,
  deps: {
    logger: Logger;
    store?: DocumentStore;
    onFatal?: (error: unknown) => void;
    onRoomUnloaded?: () => void;
  },
): Promise<RunningServer> {
  const { logger } = deps;
  const { postgres, store, accountStore } = await openStores(config, logger, deps.store);
  const notices = new NoticeHub({ relay: () => replicas });
  const accounts = new AccountService({
    store: accountStore,
    tokens: ConnectionTokens.fromEnvironment({
      secret: config.auth.secret,
      dataDir: config.storage === 'memory' ? null : config.dataDir,
    }),
    onMembershipChange: (bookId, userId, role) => {
      gateway.applyMembershipChange(bookId, userId, role);
      notices.membersChanged(bookId);
      replicas?.publishMembership(bookId, userId, role);
    },
    // Other instances' connections take the new colour when they reconnect; their pages refetch
    // the members on the notice (a membership message with the same role changes nobody's role).
    onMemberColorChange: (bookId, userId, color) => {
      gateway.applyMemberColor(bookId, userId, color);
      notices.membersChanged(bookId);
      void accountStore
        .roleOf(bookId, userId)
        .then((role) => replicas?.publishMembership(bookId, userId, role))
        .catch((error: unknown) => logger.warn({ err: error }, 'colour change not published'));
    },
  });
  const replicas = createReplicaHub(
    config,
    store,
    logger,
    {
      changed: (bookId, userId, role) => {
        gateway.applyMembershipChange(bookId, userId, role);
        notices.membersChanged(bookId);
      },
      unknown: () => gateway.revalidateRoles((bookId, userId) => accountStore.roleOf(bookId, userId)),
    },
    notices,
  );
  const metrics = createMetrics();
  const groupCommit = new GroupCommit({
    sync: () => store.sync(),
    delayMs: config.groupCommitMs,
    onError: (error) => {
      logger.error({ err: error }, 'fsync failed: durability unknown');
      (
        deps.onFatal ??
        ((e) => {
          throw e;
        })
      )(error);
    },
  });
  const history = new HistoryRecorder({ store, logger, config: config.history });
  // Search (issue 21): chapters are indexed a moment after their updates are stored.
  const searchIndex = createSearchIndex(config, store, postgres);
  const indexer = new ChapterIndexer({
    index: searchIndex,
    logger,
    quietMs: SEARCH_INDEX_QUIET_MS,
    maxDelayMs: SEARCH_INDEX_MAX_DELAY_MS,
  });
  const registry = new RoomRegistry({
    store,
    // A chapter purged by another instance is closed here too (the purge is made below).
    history: withPurgeWatch(
      withSearchIndexing(history, indexer),
      (chapter) => void purge.closePurged(chapter),
    ),
    groupCommit,
    logger,
    metrics: metrics.sync,
    roomIdleMs: config.roomIdleMs,
    ...(deps.onRoomUnloaded ? { onRoomUnloaded: deps.onRoomUnloaded } : {}),
    compactAfterUpdates: config.compactAfterUpdates,
    compactQuietMs: config.compactQuietMs,
    maxAwarenessClientsPerPeer: config.limits.maxAwarenessClientsPerPeer,
    maxAwarenessStateBytes: config.limits.maxAwarenessStateBytes,
    ...(replicas ? { replicas: { hub: replicas, gapWaitMs: REPLICA_GAP_WAIT_MS } } : {}),
    rules: documentRules,
  });
  const gateway = new SyncGateway({
    registry,
    // Public links are checked against the chapters' rounds, by the service made below.
    authenticator: createAccountAuthenticator(accounts, {
      admit: (name, code) => publicDrafts.admit(name, code),
    }),
    limits: config.limits,
    logger,
    metrics: metrics.sync,
    heartbeatMs: config.heartbeatMs,
    notices,
    // A purged chapter's name stays refused (the purge is made below).
    isPurged: (name) => purge.isPurged(name),
  });
  registerReadGauge(metrics.registry, {
    name: 'wethink_search_index_cpu_seconds',
    help: 'Process CPU time spent on the event loop keeping the search index current, since start',
    read: () => indexer.stats.cpuUs / 1e6,
  });
  registerReadGauge(metrics.registry, {
    name: 'wethink_compression_contexts',
    help: 'Sync connections holding permessage-deflate zlib streams',
    read: () => gateway.compressionContextCount,
  });
  registerReadGauge(metrics.registry, {
    name: 'wethink_send_buffered_bytes',
    help: 'Bytes queued for sync connections and not yet taken by the kernel',
    read: () => gateway.bufferedBytes,
  });
  const historyService = new HistoryService({
    store,
    rooms: registry,
    recorder: history,
    accounts,
    writingSessionGapMs: config.history.writingSessionGapMs,
  });
  const notifications = new Notifications({
    store: accountStore,
    onChanged: (userIds) => notices.notificationsChanged(userIds),
  });
  const comments = new CommentsService({
    rooms: registry,
    accounts,
    notifications,
    versions: {
      exists: async (chapter, versionId) => (await store.loadVersion(chapter, versionId)) !== null,
      take: async (userId, bookId, chapterId, name) =>
        (await historyService.createVersion(userId, bookId, chapterId, name)).id,
    },
    onRoundClosed: (chapter) => gateway.closePublicReaders(chapter),
  });
  // Book structure (issue 21).
  const purge = new ChapterPurge({
    rooms: registry,
    store,
    roleOf: async (userId, bookId) => (await accounts.getBook(userId, bookId)).role,
    now: Date.now,
    unloadWaitMs: 5000,
    pollMs: 50,
    afterPurge: (names) => searchIndex.removeChapters(names),
  });
  const search = new SearchService({
    index: searchIndex,
    indexer,
    rooms: registry,
    store,
    requireMember: async (userId, bookId) => void (await accounts.getBook(userId, bookId)),
  });
  const blobs = createBlobStore(config, store, postgres);
  const images = new ImageService({
    blobs,
    roleOf: async (userId, bookId) => (await accounts.getBook(userId, bookId)).role,
    now: Date.now,
  });
  const publicDrafts = new PublicDrafts({
    comments,
    rooms: registry,
    accounts: {
      roleOf: (bookId, userId) => accountStore.roleOf(bookId, userId),
      addMemberAsAdmin: (bookId, userId, role) => accounts.addMemberAsAdmin(bookId, userId, role),
      removeMemberAsAdmin: (bookId, userId) => accounts.removeMemberAsAdmin(bookId, userId),
    },
    onWithdrawn: (chapter) => gateway.closePublicReaders(chapter),
  });
  const suggestions = new SuggestionsService({
    comments,
    ...(replicas && postgres && isUpdateFeed(store)
      ? { gate: createPostgresDecisionGate({ db: postgres, feed: store }) }
      : {}),
  });
  let isShuttingDown = false;
  const app = await createHttpApp({
    purge,
    search,
    images,
    clientDist: config.clientDist,
    accounts,
    history: historyService,
    comments,
    suggestions,
    becauseOfYou: new BecauseOfYou({ comments, listDocuments: (bookId) => store.listChapters(bookId) }),
    publicDrafts,
    notifications,
    auth: config.auth,
    logger,
    metricsRegistry: metrics.registry,
    gateway,
    isShuttingDown: () => isShuttingDown,
    trustProxy: config.trustProxy,
    ...(replicas ? { rateLimitRedis: replicas.rateLimitRedis } : {}),
  });
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  gateway.start();
  replicas?.start();
  logger.info(
    {
      host: config.host,
      port,
      storage: config.storage,
      dataDir: config.dataDir,
      instance: config.cluster?.instanceId,
    },
    'listening',
  );

  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      isShuttingDown = true;
      gateway.close();
      await registry.close();
      await indexer.flush();
      await searchIndex.close();
      await blobs.close();
      await replicas?.close();
      await app.close();
      await store.close();
      await accountStore.close();
      await postgres?.close();
      logger.info({}, 'stopped');
    })();
    return stopping;
  };
  return {
    url: `http://${config.host}:${port}`,
    port,
    registry,
    store,
    accounts,
    accountStore,
    history,
    stop,
  };
}

import { Redis } from 'ioredis';
import type { AwarenessEntry, DocName, Role } from '@wethink/shared';
import type { Logger } from '../logger';
import type { UpdateFeed } from '../storage/document-store';
import type { ReplicaEntry, ReplicaHub, ReplicaLink, ReplicaRoom } from '../sync/replica';
import { InstanceLiveness } from './instance-liveness';
import {
  decodeAwarenessMessage,
  decodeMembershipMessage,
  decodeNoticeMessage,
  decodeReplicaEntry,
  encodeAwarenessMessage,
  encodeMembershipMessage,
  encodeNoticeMessage,
  encodeReplicaEntry,
} from './replica-codec';
import { redisKeys } from './redis-keys';
import { StreamReader } from './stream-reader';

export interface RedisReplicaHubOptions {
  redisUrl: string;
  instanceId: string;
  feed: UpdateFeed;
  logger: Logger;
  /** How often the heads of loaded documents are compared with what this instance holds. */
  headCheckMs: number;
  /** The same while Redis is unreachable: then it is how updates cross instances at all. */
  degradedHeadCheckMs: number;
  /** An instance whose liveness key is this old is dead; refreshed at a third of it. */
  livenessTtlMs: number;
  /** Entries kept per document stream (approximately). */
  streamMaxLength: number;
  /** A role change or removal made on another instance. */
  onMembershipChange: (bookId: string, userId: string, role: Role | null) => void;
  /**
   * Role changes may have been missed (Redis is down, or just came back): check the open
   * connections against the database. Called every `membershipCheckMs` while down, and once back.
   */
  onMembershipUnknown: () => Promise<void>;
  membershipCheckMs: number;
  /** Users whose notifications changed on another instance. */
  onNotificationsChanged?: (userIds: readonly string[]) => void;
}

/**
 * Connects this instance's rooms to the other instances' through Redis, which only carries:
 * stored updates go out on a capped stream per document after their commit, awareness on a
 * channel per document, role changes on one channel. Anything Redis loses (a restart, a trimmed
 * stream, an outage) the rooms fill from PostgreSQL: every entry carries its sequence numbers, a
 * gap is noticed, and a periodic look at the heads of loaded documents heals silent loss.
 */
export class RedisReplicaHub implements ReplicaHub {
  private readonly rooms = new Map<DocName, ReplicaRoom>();
  /** Commands and publishes: fail fast while disconnected (callers fall back), never queue. */
  private readonly command: Redis;
  private readonly subscriber: Redis;
  private readonly streams: StreamReader;
  private readonly liveness: InstanceLiveness;
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private headTimer: ReturnType<typeof setTimeout> | null = null;
  private isHealthy = false;
  /** Whether Redis was ever reachable: an outage means messages may have been missed. */
  private wasHealthy = false;
  private isClosed = false;
  private readonly log: Logger;

  constructor(private readonly options: RedisReplicaHubOptions) {
    this.log = options.logger.child({ component: 'replica-hub', instance: options.instanceId });
    this.liveness = new InstanceLiveness(options.instanceId, options.livenessTtlMs);
    this.command = this.connect('command', { enableOfflineQueue: false });
    this.subscriber = this.connect('subscriber', {});
    this.streams = new StreamReader({
      redis: this.connect('streams', { maxRetriesPerRequest: null }),
      onEntry: (doc, bytes) => this.onStreamEntry(doc, bytes),
      log: this.log,
    });
    this.command.on('ready', () => this.onReady());
    this.command.on('close', () => this.onLost());
    this.subscriber.on('messageBuffer', (channel: Buffer, message: Buffer) =>
      this.onMessage(channel.toString(), message),
    );
    void this.subscriber.subscribe(redisKeys.membership, redisKeys.notices).catch(() => {});
  }

  /** The connection the HTTP rate limits keep their shared counters on. */
  get rateLimitRedis(): Redis {
    return this.command;
  }

  /** Starts the periodic work; resolves at once (Redis being down is a degraded mode, not an error). */
  start(): void {
    this.streams.start();
    const refreshMs = Math.max(100, Math.floor(this.options.livenessTtlMs / 3));
    this.timers.push(setInterval(() => void this.refreshLiveness(), refreshMs));
    this.timers.push(
      setInterval(() => {
        if (!this.isHealthy && this.wasHealthy) this.checkMemberships();
      }, this.options.membershipCheckMs),
    );
    this.scheduleHeadCheck();
  }

  attach(room: ReplicaRoom): ReplicaLink {
    const { name } = room;
    this.rooms.set(name, room);
    this.streams.follow(name, this.command);
    void this.subscriber.subscribe(redisKeys.awareness(name)).catch(() => {});
    // The others' peers' cursors: they answer with what their peers hold here.
    this.publishAwareness(name, encodeAwarenessMessage({ kind: 'query', instance: this.options.instanceId }));
    return {
      readSince: (afterSeq) => this.options.feed.readSince(name, afterSeq),
      publishUpdates: (entry) => this.publishUpdates(name, entry),
      publishAwareness: (entries) => this.publishEntries(name, entries),
      detach: () => {
        if (this.rooms.get(name) !== room) return;
        this.rooms.delete(name);
        this.streams.unfollow(name);
        void this.subscriber.unsubscribe(redisKeys.awareness(name)).catch(() => {});
      },
    };
  }

  /** Tells the other instances a member's role changed (or that they were removed). */
  publishMembership(bookId: string, userId: string, role: Role | null): void {
    const message = encodeMembershipMessage({ instance: this.options.instanceId, bookId, userId, role });
    this.command.publish(redisKeys.membership, message).catch((error: unknown) => {
      this.log.warn({ err: error }, 'membership change not published');
    });
  }

  /**
   * Tells the other instances these users' notifications changed. Best effort, like awareness: a
   * notice lost while Redis is down costs a late bell, which the client's reconnect refetch and
   * slow poll make good.
   */
  publishNotifications(userIds: readonly string[]): void {
    const message = encodeNoticeMessage({ instance: this.options.instanceId, userIds: [...userIds] });
    this.command.publish(redisKeys.notices, message).catch((error: unknown) => {
      this.log.debug({ err: error }, 'notice not published');
    });
  }

  async close(): Promise<void> {
    this.isClosed = true;
    for (const timer of this.timers) clearInterval(timer);
    if (this.headTimer) clearTimeout(this.headTimer);
    await this.streams.stop();
    // Others drop this instance's cursors now rather than after the key expires.
    await this.command.del(redisKeys.live(this.options.instanceId)).catch(() => {});
    this.subscriber.disconnect();
    this.command.disconnect();
  }

  private connect(
    role: string,
    options: { enableOfflineQueue?: boolean; maxRetriesPerRequest?: number | null },
  ): Redis {
    const redis = new Redis(this.options.redisUrl, {
      connectionName: `wethink:${this.options.instanceId}:${role}`,
      // Back off to one try a second; every failure is logged once per outage, below.
      retryStrategy: (times) => Math.min(times * 100, 1000),
      ...options,
    });
    // Without a listener ioredis reports every retry as an unhandled error event.
    redis.on('error', (error: Error) => {
      if (this.isHealthy || role !== 'command') this.log.debug({ err: error.message, role }, 'redis error');
    });
    return redis;
  }

  private onReady(): void {
    if (this.isClosed) return;
    this.isHealthy = true;
    this.liveness.reconnected(Date.now());
    this.log.info({}, 'redis connected');
    if (this.wasHealthy) this.checkMemberships();
    this.wasHealthy = true;
    void this.refreshLiveness();
    // Whatever was missed meanwhile is in PostgreSQL; cursors are asked for again.
    void this.checkHeads();
    for (const name of this.rooms.keys()) {
      this.publishAwareness(
        name,
        encodeAwarenessMessage({ kind: 'query', instance: this.options.instanceId }),
      );
    }
    this.scheduleHeadCheck();
  }

  private onLost(): void {
    if (!this.isHealthy || this.isClosed) return;
    this.isHealthy = false;
    this.log.warn({}, 'redis unreachable: updates cross instances through PostgreSQL until it is back');
    this.scheduleHeadCheck();
  }

  private publishUpdates(name: DocName, entry: ReplicaEntry): void {
    if (!this.isHealthy) return; // the others' head checks fetch it
    const bytes = Buffer.from(encodeReplicaEntry(this.options.instanceId, entry));
    this.command
      .xadd(redisKeys.updates(name), 'MAXLEN', '~', this.options.streamMaxLength, '*', 'e', bytes)
      .catch((error: unknown) => this.log.debug({ err: error, doc: name }, 'update not published'));
  }

  private publishEntries(name: DocName, entries: readonly AwarenessEntry[]): void {
    if (entries.length === 0) return;
    this.publishAwareness(
      name,
      encodeAwarenessMessage({ kind: 'entries', instance: this.options.instanceId, entries: [...entries] }),
    );
  }

  private publishAwareness(name: DocName, bytes: Uint8Array): void {
    if (!this.isHealthy) return;
    this.command
      .publish(redisKeys.awareness(name), Buffer.from(bytes))
      .catch((error: unknown) => this.log.debug({ err: error, doc: name }, 'awareness not published'));
  }

  private onStreamEntry(name: DocName, bytes: Uint8Array): void {
    const room = this.rooms.get(name);
    if (!room) return;
    try {
      const { instance, entry } = decodeReplicaEntry(bytes);
      if (instance === this.options.instanceId) return;
      this.liveness.heard(instance);
      room.receiveUpdates(entry);
    } catch (error) {
      this.log.error(
        { err: error, doc: name },
        'unreadable update entry skipped (its rows come from PostgreSQL)',
      );
    }
  }

  private onMessage(channel: string, bytes: Buffer): void {
    try {
      if (channel === redisKeys.membership) {
        const change = decodeMembershipMessage(bytes.toString());
        if (change.instance !== this.options.instanceId) {
          this.options.onMembershipChange(change.bookId, change.userId, change.role);
        }
        return;
      }
      if (channel === redisKeys.notices) {
        const notice = decodeNoticeMessage(bytes.toString());
        if (notice.instance !== this.options.instanceId)
          this.options.onNotificationsChanged?.(notice.userIds);
        return;
      }
      const name = channel.slice(redisKeys.awareness('' as DocName).length) as DocName;
      const room = this.rooms.get(name);
      if (!room) return;
      const message = decodeAwarenessMessage(bytes);
      if (message.instance === this.options.instanceId) return;
      this.liveness.heard(message.instance);
      if (message.kind === 'entries') room.receiveAwareness(message.instance, message.entries);
      else this.publishEntries(name, room.localAwareness());
    } catch (error) {
      this.log.error({ err: error, channel }, 'unreadable message skipped');
    }
  }

  private checkMemberships(): void {
    this.options.onMembershipUnknown().catch((error: unknown) => {
      this.log.warn({ err: error }, 'open connections not checked against the database');
    });
  }

  private async refreshLiveness(): Promise<void> {
    if (!this.isHealthy || this.isClosed) return;
    const { instanceId, livenessTtlMs } = this.options;
    try {
      await this.command.set(redisKeys.live(instanceId), String(Date.now()), 'PX', livenessTtlMs);
      for (const instance of this.liveness.toCheck(Date.now())) {
        if ((await this.command.exists(redisKeys.live(instance))) === 1) continue;
        this.liveness.gone(instance);
        this.log.info({ gone: instance }, 'instance gone: dropping its cursors');
        for (const room of this.rooms.values()) room.dropInstance(instance);
      }
    } catch (error) {
      this.log.debug({ err: error }, 'liveness not refreshed');
    }
  }

  private scheduleHeadCheck(): void {
    if (this.isClosed) return;
    if (this.headTimer) clearTimeout(this.headTimer);
    const delayMs = this.isHealthy ? this.options.headCheckMs : this.options.degradedHeadCheckMs;
    this.headTimer = setTimeout(() => {
      this.headTimer = null;
      void this.checkHeads().finally(() => this.scheduleHeadCheck());
    }, delayMs);
    this.headTimer.unref();
  }

  /** Each loaded document's head against what its room holds: heals anything Redis lost. */
  private async checkHeads(): Promise<void> {
    if (this.rooms.size === 0) return;
    try {
      const heads = await this.options.feed.heads([...this.rooms.keys()]);
      for (const [name, head] of heads) this.rooms.get(name)?.noteHead(head);
    } catch (error) {
      this.log.warn({ err: error }, 'head check failed');
    }
  }
}

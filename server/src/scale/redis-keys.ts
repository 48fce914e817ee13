import type { DocName } from '@wethink/shared';

/** Every Redis key and channel wethink uses, in one place (a deployment may share a Redis). */
export const redisKeys = {
  /** A document's stream of stored updates (capped; PostgreSQL holds the truth). */
  updates: (doc: DocName) => `wethink:updates:${doc}`,
  /** A document's awareness channel (pub/sub, never stored). */
  awareness: (doc: DocName) => `wethink:awareness:${doc}`,
  /** Role changes and removals, for the sockets each instance holds. */
  membership: 'wethink:membership',
  /** "These users' notifications changed", for the sockets each instance holds. */
  notices: 'wethink:notices',
  /** Present while an instance is alive (expires when it stops refreshing). */
  live: (instance: string) => `wethink:live:${instance}`,
} as const;

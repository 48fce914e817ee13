import type { Redis } from 'ioredis';
import type { DocName } from '@wethink/shared';
import type { Logger } from '../logger';
import { redisKeys } from './redis-keys';

/** How long one XREAD waits for news: a document loaded meanwhile joins the next call. */
const BLOCK_MS = 100;
/** Pause after a failed read (Redis unreachable): the head checks carry updates meanwhile. */
const RETRY_MS = 250;
const ENTRIES_PER_READ = 500;

/**
 * Reads the update streams of the loaded documents on its own connection (XREAD blocks it), from
 * where each stream stood when its document was loaded. A stream id is only a reading position:
 * what was missed before it (or lost by Redis) is found by sequence number, not here.
 */
export class StreamReader {
  /** Last id read per followed document; '$' until its position is known. */
  private readonly positions = new Map<DocName, string>();
  private loop: Promise<void> | null = null;
  private isStopped = false;

  constructor(
    private readonly deps: {
      redis: Redis;
      onEntry: (doc: DocName, bytes: Uint8Array) => void;
      log: Logger;
    },
  ) {}

  start(): void {
    this.loop ??= this.run();
  }

  /** Starts reading a document's stream from its current end. */
  follow(name: DocName, command: Redis): void {
    this.positions.set(name, '$');
    command
      .xrevrange(redisKeys.updates(name), '+', '-', 'COUNT', 1)
      .then((last) => {
        // Only if nothing was read meanwhile: a read position never moves back.
        if (this.positions.get(name) === '$') this.positions.set(name, last[0]?.[0] ?? '0-0');
      })
      .catch(() => {});
  }

  unfollow(name: DocName): void {
    this.positions.delete(name);
  }

  async stop(): Promise<void> {
    this.isStopped = true;
    this.deps.redis.disconnect();
    await this.loop?.catch(() => {});
  }

  private async run(): Promise<void> {
    while (!this.isStopped) {
      const names = [...this.positions.keys()];
      if (names.length === 0) {
        await delay(BLOCK_MS);
        continue;
      }
      try {
        const ids = names.map((name) => this.positions.get(name) ?? '$');
        const result = await this.deps.redis.xreadBuffer(
          'COUNT',
          ENTRIES_PER_READ,
          'BLOCK',
          BLOCK_MS,
          'STREAMS',
          ...names.map((name) => redisKeys.updates(name)),
          ...ids,
        );
        if (result) this.deliver(names, result);
      } catch (error) {
        if (this.isStopped) return;
        this.deps.log.debug({ err: error }, 'stream read failed');
        await delay(RETRY_MS);
      }
    }
  }

  private deliver(names: readonly DocName[], result: [Buffer, [Buffer, Buffer[]][]][]): void {
    const byKey = new Map(names.map((name) => [redisKeys.updates(name), name]));
    for (const [key, entries] of result) {
      const name = byKey.get(key.toString());
      if (name === undefined || !this.positions.has(name)) continue;
      for (const [id, fields] of entries) {
        this.positions.set(name, id.toString());
        const bytes = fields[1];
        if (bytes) this.deps.onEntry(name, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      }
    }
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

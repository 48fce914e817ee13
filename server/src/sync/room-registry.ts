import { AppError, CloseCode, type DocName } from '@wethink/shared';
import type { Peer } from './peer';
import type { StoredDocument } from '../storage/document-store';
import { Room, type RoomDeps } from './room';
import { repairStoredBlobs } from './update-repair';

interface Entry {
  /** Settles once the room is loaded; concurrent opens of one document share it. */
  ready: Promise<Room>;
  room: Room | null;
  idleTimer: ReturnType<typeof setTimeout> | null;
  /** Set while the room is being flushed and dropped; a new open waits for it, then reloads. */
  unloading: Promise<void> | null;
  /** Server-side users of the room (history requests) that keep it loaded without a peer. */
  holds: number;
}

export interface RoomRegistryDeps extends RoomDeps {
  roomIdleMs: number;
  /** Called after a room was dropped from memory (main reclaims memory then). */
  onRoomUnloaded?: () => void;
}

/**
 * Opens and closes rooms. One load per document however many peers arrive at once; a failed load
 * leaves no room behind (so no empty document can ever be served or written over the stored one);
 * an idle room is compacted and only dropped once that succeeded.
 */
export class RoomRegistry {
  private readonly entries = new Map<DocName, Entry>();
  private isClosing = false;

  constructor(private readonly deps: RoomRegistryDeps) {}

  get roomCount(): number {
    return this.entries.size;
  }

  /** Loaded room for `name` (undefined while loading or absent): for tests and metrics. */
  peek(name: DocName): Room | undefined {
    return this.entries.get(name)?.room ?? undefined;
  }

  /** Adds a peer to the document's room, loading it first if needed. Rejects if loading failed. */
  async join(name: DocName, peer: Peer): Promise<Room> {
    const room = await this.open(name);
    if (peer.isClosed) {
      this.scheduleIdleCheck(name);
      return room;
    }
    room.join(peer);
    return room;
  }

  /**
   * Loads (or finds) a room for server-side work without a peer, and keeps it loaded until the
   * matching `release`. Use as `acquire` … `finally release`.
   */
  async acquire(name: DocName): Promise<Room> {
    const entry = await this.openEntry(name);
    entry.holds += 1;
    try {
      return await entry.ready;
    } catch (error) {
      entry.holds -= 1;
      throw error;
    }
  }

  release(room: Room): void {
    const entry = this.entries.get(room.name);
    if (!entry || entry.room !== room) return;
    entry.holds -= 1;
    if (entry.holds === 0 && room.peers.size === 0) this.scheduleIdleCheck(room.name);
  }

  private async open(name: DocName): Promise<Room> {
    return (await this.openEntry(name)).ready;
  }

  private async openEntry(name: DocName): Promise<Entry> {
    if (this.isClosing) throw new Error('registry is closing');
    let entry = this.entries.get(name);
    while (entry?.unloading) {
      await entry.unloading;
      entry = this.entries.get(name);
    }
    entry ??= this.load(name);
    if (entry.idleTimer) {
      clearTimeout(entry.idleTimer);
      entry.idleTimer = null;
    }
    return entry;
  }

  leave(room: Room, peer: Peer): void {
    room.leave(peer);
    if (room.peers.size === 0) this.scheduleIdleCheck(room.name);
  }

  private load(name: DocName): Entry {
    const startedAt = performance.now();
    const entry: Entry = {
      ready: this.deps.store
        .load(name)
        .then((stored) => new Room(name, this.checked(name, stored), this.deps)),
      room: null,
      idleTimer: null,
      unloading: null,
      holds: 0,
    };
    this.entries.set(name, entry);
    this.deps.metrics.roomsChanged(1);
    entry.ready.then(
      (room) => {
        entry.room = room;
        this.deps.metrics.roomLoaded((performance.now() - startedAt) / 1000);
        this.deps.logger.info({ doc: name }, 'room loaded');
      },
      (error: unknown) => {
        this.entries.delete(name);
        this.deps.metrics.roomsChanged(-1);
        this.deps.logger.error({ doc: name, err: error }, 'room load failed');
      },
    );
    return entry;
  }

  /** A document an older server stored, repaired before anyone is served from it. */
  private checked(name: DocName, stored: StoredDocument): StoredDocument {
    if (stored.isChecked) return stored;
    const repaired = repairStoredBlobs(stored, (changes) =>
      this.deps.logger.warn({ doc: name, changes }, 'repaired a stored update Yjs would not write'),
    );
    // Still unchecked: the room owes a compaction, which stores the repaired, checked state.
    return { ...stored, state: repaired.state, updates: repaired.updates };
  }

  private scheduleIdleCheck(name: DocName): void {
    const entry = this.entries.get(name);
    if (!entry || entry.idleTimer || entry.unloading || this.isClosing) return;
    entry.idleTimer = setTimeout(() => {
      entry.idleTimer = null;
      if (entry.room && entry.room.peers.size === 0 && entry.holds === 0)
        entry.unloading = this.unload(name, entry.room, entry);
    }, this.deps.roomIdleMs);
  }

  /**
   * Unloads `name` now if it has neither peers nor holds, rather than after `roomIdleMs` (a purge
   * waits for its chapter to unload). Resolves true once it is not loaded.
   */
  async unloadNow(name: DocName): Promise<boolean> {
    const entry = this.entries.get(name);
    if (!entry) return true;
    if (!entry.unloading) {
      const room = entry.room;
      if (!room || room.peers.size > 0 || entry.holds > 0) return false;
      if (entry.idleTimer) clearTimeout(entry.idleTimer);
      entry.idleTimer = null;
      entry.unloading = this.unload(name, room, entry);
    }
    await entry.unloading;
    return this.entries.get(name) !== entry;
  }

  private async unload(name: DocName, room: Room, entry: Entry): Promise<void> {
    try {
      await room.compact();
    } catch (error) {
      if (error instanceof AppError && error.code === 'document-not-found') {
        // Purged meanwhile (by another instance): nothing of it is to be stored any more.
        room.closeAll(CloseCode.documentNotFound, 'chapter purged');
        this.drop(name, room, 'room dropped: its document was purged');
        return;
      }
      // Never drop state that is not stored: keep the room and try again later.
      this.deps.logger.error({ doc: name, err: error }, 'flush before unload failed; keeping room');
      entry.unloading = null;
      this.scheduleIdleCheck(name);
      return;
    }
    if (room.peers.size > 0 || entry.holds > 0 || room.hasUncompactedUpdates) {
      entry.unloading = null;
      if (room.peers.size === 0 && entry.holds === 0) this.scheduleIdleCheck(name);
      return;
    }
    this.drop(name, room, 'room unloaded');
  }

  private drop(name: DocName, room: Room, message: string): void {
    this.entries.delete(name);
    room.destroy();
    this.deps.metrics.roomsChanged(-1);
    this.deps.logger.info({ doc: name }, message);
    this.deps.onRoomUnloaded?.();
  }

  /** Shutdown: close every peer with going-away, compact every room, wait for durability. */
  async close(): Promise<void> {
    this.isClosing = true;
    const rooms: Room[] = [];
    for (const entry of this.entries.values()) {
      if (entry.idleTimer) clearTimeout(entry.idleTimer);
      const room = await entry.ready.catch(() => null);
      if (room) rooms.push(room);
    }
    for (const room of rooms) room.closeAll(CloseCode.goingAway, 'server shutting down');
    for (const room of rooms) {
      await room.compact().catch((error: unknown) => {
        this.deps.logger.error({ doc: room.name, err: error }, 'flush on shutdown failed; update log kept');
      });
    }
    // Writers leaving above may have asked for versions: store them before storage closes.
    await this.deps.history?.flush();
    await this.deps.groupCommit.flush();
  }
}

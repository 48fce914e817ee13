import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';

/** A run of Yjs ids: `len` clocks of `client` from `clock`. */
export interface IdRange {
  client: number;
  clock: number;
  len: number;
}

/** Sorts by (client, clock) and merges ranges that touch or overlap. Returns a new array. */
export function mergeIdRanges(ranges: readonly IdRange[]): IdRange[] {
  const sorted = [...ranges].sort((a, b) => a.client - b.client || a.clock - b.clock);
  const merged: IdRange[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && last.client === range.client && range.clock <= last.clock + last.len) {
      last.len = Math.max(last.len, range.clock + range.len - last.clock);
    } else {
      merged.push({ ...range });
    }
  }
  return merged;
}

/**
 * Compact bytes for id ranges: per client, the number of ranges, then each range as the gap from
 * the previous range's end and its length (small varuints for typing-sized deletions).
 */
export function encodeIdRanges(ranges: readonly IdRange[]): Uint8Array {
  const merged = mergeIdRanges(ranges);
  const encoder = encoding.createEncoder();
  const clients = new Map<number, IdRange[]>();
  for (const range of merged) {
    const list = clients.get(range.client) ?? [];
    list.push(range);
    clients.set(range.client, list);
  }
  encoding.writeVarUint(encoder, clients.size);
  for (const [client, list] of clients) {
    encoding.writeVarUint(encoder, client);
    encoding.writeVarUint(encoder, list.length);
    let end = 0;
    for (const range of list) {
      encoding.writeVarUint(encoder, range.clock - end);
      encoding.writeVarUint(encoder, range.len);
      end = range.clock + range.len;
    }
  }
  return encoding.toUint8Array(encoder);
}

export function decodeIdRanges(bytes: Uint8Array): IdRange[] {
  const decoder = decoding.createDecoder(bytes);
  const ranges: IdRange[] = [];
  const clientCount = decoding.readVarUint(decoder);
  for (let c = 0; c < clientCount; c++) {
    const client = decoding.readVarUint(decoder);
    const count = decoding.readVarUint(decoder);
    let end = 0;
    for (let r = 0; r < count; r++) {
      const clock = end + decoding.readVarUint(decoder);
      const len = decoding.readVarUint(decoder);
      ranges.push({ client, clock, len });
      end = clock + len;
    }
  }
  return ranges;
}

/** Answers "who deleted id (client, clock)?" from deletion records; the first deleter wins. */
export class DeletionIndex {
  private readonly byClient = new Map<number, { clock: number; end: number; userId: string }[]>();
  private isSorted = true;

  add(ranges: readonly IdRange[], userId: string): void {
    for (const { client, clock, len } of ranges) {
      const list = this.byClient.get(client) ?? [];
      list.push({ clock, end: clock + len, userId });
      this.byClient.set(client, list);
    }
    this.isSorted = false;
  }

  deleterOf(client: number, clock: number): string | undefined {
    const list = this.byClient.get(client);
    if (!list) return undefined;
    if (!this.isSorted) {
      // A stable sort keeps records of one clock in the order they were added (the first deleter first).
      for (const each of this.byClient.values()) each.sort((a, b) => a.clock - b.clock);
      this.isSorted = true;
    }
    let low = 0;
    let high = list.length - 1;
    let found = -1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      if (list[mid]!.clock <= clock) {
        found = mid;
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    // Ranges never overlap in practice (an id is deleted once); scan back a little in case they do.
    for (let i = found; i >= 0 && i > found - 8; i--) {
      const entry = list[i]!;
      if (clock >= entry.clock && clock < entry.end) return entry.userId;
    }
    return undefined;
  }
}

import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

type Struct = ReturnType<typeof Y.decodeUpdate>['structs'][number];

/** What repairing one stored update changed; empty when it was sound. */
export interface UpdateRepair {
  update: Uint8Array;
  /** One line per change, for the log. */
  changes: string[];
}

/**
 * Rewrites an update stored before the guard refused what Yjs never writes (issue 16), so the
 * chapter loads, encodes and versions again without losing the rest of its text:
 * - structs and delete ranges of length 0 are dropped (they take no clocks, so nothing moves);
 * - an item that depends on itself or on a later struct of its own client in this update (Yjs
 *   throws on it at every load) becomes a GC struct of the same length: the clocks stay, the
 *   content goes, as if Yjs had garbage-collected it.
 * Returns null when nothing needed changing. Written with Yjs's own v1 encoder and each struct's
 * `write`, the path `Y.mergeUpdates` takes (contact points tested in update-repair.test.ts).
 */
export function repairUpdate(update: Uint8Array): UpdateRepair | null {
  const { structs, ds } = Y.decodeUpdate(update);
  const changes: string[] = [];
  const kept = new Map<number, Struct[]>();
  for (const struct of structs) {
    const { client, clock } = struct.id;
    if (struct.length < 1) {
      changes.push(`dropped empty ${struct.constructor.name} at ${client}:${clock}`);
      continue;
    }
    let run = kept.get(client);
    if (!run) kept.set(client, (run = []));
    if (struct instanceof Y.Item && dependsOnLater(struct, clock, client)) {
      changes.push(`replaced item ${client}:${clock} that depends on itself with GC`);
      run.push(new Y.GC(struct.id, struct.length));
    } else {
      run.push(struct);
    }
  }
  let emptyRanges = 0;
  const ranges = new Map<number, { clock: number; len: number }[]>();
  for (const [client, list] of ds.clients) {
    const nonEmpty = list.filter((range) => range.len >= 1);
    emptyRanges += list.length - nonEmpty.length;
    if (nonEmpty.length > 0) ranges.set(client, nonEmpty);
  }
  if (emptyRanges > 0) changes.push(`dropped ${emptyRanges} empty delete ranges`);
  if (changes.length === 0) return null;
  return { update: encodeV1(kept, ranges), changes };
}

/** Whether an item's origin, right origin or parent is itself or comes after it in its own client. */
function dependsOnLater(item: Y.Item, clock: number, client: number): boolean {
  for (const dep of [item.origin, item.rightOrigin, item.parent]) {
    if (dep instanceof Y.ID && dep.client === client && dep.clock >= clock) return true;
  }
  return false;
}

function encodeV1(
  structs: ReadonlyMap<number, readonly Struct[]>,
  ranges: ReadonlyMap<number, readonly { clock: number; len: number }[]>,
): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  const runs = [...structs].filter(([, run]) => run.length > 0);
  encoding.writeVarUint(encoder.restEncoder, runs.length);
  for (const [client, run] of runs) {
    encoding.writeVarUint(encoder.restEncoder, run.length);
    encoder.writeClient(client);
    encoding.writeVarUint(encoder.restEncoder, run[0]!.id.clock);
    for (const struct of run) struct.write(encoder, 0);
  }
  encoding.writeVarUint(encoder.restEncoder, ranges.size);
  for (const [client, list] of ranges) {
    encoder.resetDsCurVal();
    encoding.writeVarUint(encoder.restEncoder, client);
    encoding.writeVarUint(encoder.restEncoder, list.length);
    for (const range of list) {
      encoder.writeDsClock(range.clock);
      encoder.writeDsLen(range.len);
    }
  }
  return encoder.toUint8Array();
}

/**
 * A stored document as the room may load it: every blob of one that was not written under the
 * current guard is repaired (each change logged). Sound blobs are kept as they are.
 */
export function repairStoredBlobs(
  blobs: { state: Uint8Array | null; updates: Uint8Array[] },
  onRepair: (changes: string[]) => void,
): { state: Uint8Array | null; updates: Uint8Array[]; isRepaired: boolean } {
  let isRepaired = false;
  const repair = (blob: Uint8Array): Uint8Array => {
    const repaired = repairUpdate(blob);
    if (!repaired) return blob;
    isRepaired = true;
    onRepair(repaired.changes);
    return repaired.update;
  };
  const state = blobs.state && repair(blobs.state);
  const updates = blobs.updates.map(repair);
  return { state, updates, isRepaired };
}

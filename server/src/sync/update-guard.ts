import * as Y from 'yjs';
import { AppError } from '@wethink/shared';

/** Clocks past this are absurd: a real client would need billions of operations to get there. */
export const MAX_CLOCK = 2 ** 32;
/** Yjs draws client ids as random uint32s; anything larger is not a Yjs client. */
export const MAX_CLIENT_ID = 2 ** 32 - 1;

export interface GuardContext {
  /** Next expected clock of a client in the live document (Yjs `getState`). */
  stateOf(clientId: number): number;
  /** Principal a client id is bound to, if any. */
  ownerOf(clientId: number): string | undefined;
  /** Who is writing this update. */
  principal: string;
}

/**
 * Checks an update against the live document before it touches it, and returns the client ids
 * the writer newly claims. Throws `AppError`:
 * - `malformed-message`: the bytes do not decode, a clock, length or client id is absurd, or a
 *   struct or delete range is empty (Yjs never writes one; a zero-length struct breaks its V2
 *   encoder, so every later version of the chapter, issue 16);
 * - `forged-client-id`: new structs under a client id bound to another principal;
 * - `clock-gap`: structs that start past what the server has of their client, items whose
 *   origins the server has never seen (Yjs would park them as pending, in memory, forever), or
 *   deletes past what the server has of the writer's own client ids (its other tab's edit that
 *   has not arrived yet: a reconnect resends both, in order);
 * - `future-delete`: deletes reaching past what the server has of another principal's client,
 *   which would silently erase that author's next edits when they arrive.
 * So the stored document never carries a delete of clocks nobody has written.
 */
export function inspectUpdate(update: Uint8Array, ctx: GuardContext): Set<number> {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(update);
  } catch (error) {
    throw new AppError('malformed-message', `update does not decode (${update.length} bytes)`, {
      cause: error,
    });
  }
  const coverage = new Map<number, number>();
  const known = (client: number): number => coverage.get(client) ?? ctx.stateOf(client);
  const claims = new Set<number>();

  for (const struct of decoded.structs) {
    const { client, clock } = struct.id;
    const end = clock + struct.length;
    if (!(struct.length >= 1) || !(end <= MAX_CLOCK) || !(client <= MAX_CLIENT_ID)) {
      throw new AppError('malformed-message', `absurd struct range ${client}:${clock}+${struct.length}`);
    }
    if (struct instanceof Y.Skip) continue;
    const have = known(client);
    if (clock > have) {
      throw new AppError('clock-gap', `struct ${client}:${clock} starts past the server's clock ${have}`);
    }
    if (end <= have) continue; // a duplicate: harmless whoever sent it
    const owner = ctx.ownerOf(client);
    if (owner !== undefined && owner !== ctx.principal) {
      throw new AppError('forged-client-id', `client id ${client} belongs to another author`);
    }
    if (owner === undefined) claims.add(client);
    coverage.set(client, end);
  }

  checkDependencies(decoded.structs, ctx.stateOf, coverage);

  for (const [client, ranges] of decoded.ds.clients) {
    for (const range of ranges) {
      const end = range.clock + range.len;
      if (!(range.len >= 1) || !(end <= MAX_CLOCK) || !(client <= MAX_CLIENT_ID)) {
        throw new AppError('malformed-message', `absurd delete range ${client}:${range.clock}+${range.len}`);
      }
      if (end <= known(client)) continue;
      const detail = `delete of ${client}:${range.clock}+${range.len} reaches past what the server has`;
      throw new AppError(ctx.ownerOf(client) === ctx.principal ? 'clock-gap' : 'future-delete', detail);
    }
  }
  return claims;
}

type Struct = ReturnType<typeof Y.decodeUpdate>['structs'][number];

/**
 * Every new item's origin, right origin and parent must be something the server has, or a struct
 * of the same update that can be integrated first: what Yjs's own integration order needs. A
 * dependency nobody sent is a clock gap (Yjs would park the item, in memory, forever); one the
 * update holds but that can only come after the item (an item that is its own origin, or two that
 * are each other's) is malformed: Yjs would throw on it now and on every reload of the chapter.
 */
function checkDependencies(
  structs: readonly Struct[],
  stateOf: (client: number) => number,
  coverage: ReadonlyMap<number, number>,
): void {
  const runs = new Map<number, Struct[]>();
  let remaining = 0;
  for (const struct of structs) {
    // Duplicates too: Yjs looks for an item's dependencies before it sees the item is not new.
    if (struct instanceof Y.Skip) continue;
    const { client } = struct.id;
    let run = runs.get(client);
    if (!run) runs.set(client, (run = []));
    run.push(struct);
    remaining += 1;
  }
  if (remaining === 0) return;
  const integrated = new Map<number, number>();
  const has = (dep: Y.ID): boolean => dep.clock < (integrated.get(dep.client) ?? stateOf(dep.client));
  const unmetDep = (struct: Struct): Y.ID | null => {
    if (!(struct instanceof Y.Item)) return null;
    for (const dep of [struct.origin, struct.rightOrigin, struct.parent]) {
      if (dep instanceof Y.ID && !has(dep)) return dep;
    }
    return null;
  };
  const next = new Map<number, number>();
  // Each pass integrates what it can, as Yjs does; a pass that integrates nothing is stuck.
  for (let progress = true; progress && remaining > 0;) {
    progress = false;
    for (const [client, run] of runs) {
      let index = next.get(client) ?? 0;
      while (index < run.length && unmetDep(run[index]!) === null) {
        const struct = run[index]!;
        const end = struct.id.clock + struct.length;
        integrated.set(client, Math.max(end, integrated.get(client) ?? stateOf(client)));
        index += 1;
        remaining -= 1;
        progress = true;
      }
      next.set(client, index);
    }
  }
  if (remaining === 0) return;
  for (const [client, run] of runs) {
    const stuck = run[next.get(client) ?? 0];
    const dep = stuck && unmetDep(stuck);
    if (!stuck || !dep) continue;
    const where = `item ${client}:${stuck.id.clock}`;
    if (dep.clock < (coverage.get(dep.client) ?? 0)) {
      throw new AppError(
        'malformed-message',
        `${where} depends on ${dep.client}:${dep.clock}, which needs it first`,
      );
    }
    throw new AppError('clock-gap', `${where} depends on unseen ${dep.client}:${dep.clock}`);
  }
}

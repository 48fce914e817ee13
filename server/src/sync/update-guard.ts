import * as Y from 'yjs';
import { AppError } from '@wethink/shared';

/** Clocks past this are absurd: a real client would need billions of operations to get there. */
export const MAX_CLOCK = 2 ** 32;

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
 * - `malformed-message`: the bytes do not decode, or a clock/length is absurd;
 * - `forged-client-id`: new structs under a client id bound to another principal;
 * - `clock-gap`: structs that start past what the server has of their client, or items whose
 *   origins the server has never seen (Yjs would park them as pending, in memory, forever);
 * - `future-delete`: deletes reaching past what the server has of another principal's client,
 *   which would silently erase that author's next edits when they arrive.
 * A writer may delete ahead within its own client ids: that is its own other tab's delayed edit.
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
    if (!(struct.length >= 0) || !(end <= MAX_CLOCK)) {
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

  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    for (const dep of [struct.origin, struct.rightOrigin, struct.parent]) {
      if (dep instanceof Y.ID && dep.clock >= known(dep.client)) {
        throw new AppError(
          'clock-gap',
          `item ${struct.id.client}:${struct.id.clock} depends on unseen ${dep.client}:${dep.clock}`,
        );
      }
    }
  }

  for (const [client, ranges] of decoded.ds.clients) {
    for (const range of ranges) {
      const end = range.clock + range.len;
      if (!(range.len >= 0) || !(end <= MAX_CLOCK)) {
        throw new AppError('malformed-message', `absurd delete range ${client}:${range.clock}+${range.len}`);
      }
      if (end <= known(client)) continue;
      const owner = ctx.ownerOf(client);
      if (owner !== ctx.principal && !claims.has(client)) {
        throw new AppError(
          'future-delete',
          `delete of ${client}:${range.clock}+${range.len} reaches past what the server has`,
        );
      }
    }
  }
  return claims;
}

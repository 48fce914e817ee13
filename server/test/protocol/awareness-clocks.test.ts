import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { CloseCode, Role, encodeAwareness, encodeAwarenessUpdate, type DocName } from '@wethink/shared';
import { MAX_AWARENESS_CLOCK } from '../../src/sync/awareness-registry';
import { RawClient, connectProvider, untilSynced, waitFor } from '../clients';
import { startTestServer, uniqueDocName, type TestServer } from '../start-test-server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

/** A stock provider that records every close it suffers. */
async function victim(name: DocName, user: string, role: Role) {
  const provider = connectProvider(server, name, undefined, { user, role });
  const closes: number[] = [];
  provider.on('connection-close', (event: { code: number } | null) => {
    if (event) closes.push(event.code);
  });
  await untilSynced(provider);
  provider.awareness.setLocalStateField('place', { at: 0 });
  return { provider, closes };
}

/**
 * Each victim changes its own state and waits for the other to see it: the change travels behind
 * every echo the victim sent before it on the same socket, so if an echo had got it closed, the
 * change would never arrive.
 */
async function expectStillTalking(a: WebsocketProvider, b: WebsocketProvider, round: number): Promise<void> {
  for (const [from, to] of [
    [a, b],
    [b, a],
  ] as const) {
    from.awareness.setLocalStateField('round', round);
    await waitFor(
      () =>
        (to.awareness.getStates().get(from.awareness.clientID) as { round?: number } | undefined)?.round ===
        round,
      `round ${round} to reach the other victim`,
    );
  }
}

const boundary = fc
  .constantFrom(2 ** 31, 2 ** 32, 2 ** 53 - 1)
  .chain((edge) =>
    fc.integer({ min: -2, max: 1 }).map((delta) => Math.min(edge + delta, Number.MAX_SAFE_INTEGER)),
  );

describe('awareness clocks near integer boundaries (issue 16)', () => {
  it('close only the sender past the bound, never the honest peers that echo what the server relays', async () => {
    const name = uniqueDocName() as DocName;
    const author = await victim(name, 'victim-author', Role.author);
    const reader = await victim(name, 'victim-reader', Role.reader);
    let round = 0;
    await fc.assert(
      fc.asyncProperty(
        boundary,
        fc.constantFrom(Role.owner, Role.author, Role.reviewer, Role.reader),
        fc.constantFrom('{}', 'null', '{"cursor":null}'),
        async (clock, role, state) => {
          round += 1;
          const attacker = await RawClient.open(
            await server.urlFor(name, { user: `attacker-${role}`, role }),
          );
          const clientId = 900_000 + round;
          attacker.send(encodeAwareness(encodeAwarenessUpdate([{ clientId, clock, state }])));
          if (clock > MAX_AWARENESS_CLOCK) {
            expect((await attacker.untilClosed()).code).toBe(CloseCode.malformedMessage);
          } else {
            // Whatever it was, the server relayed or dropped it; now it leaves, and the server
            // relays the removal of its id above its clock.
            attacker.close();
            await attacker.untilClosed();
          }
          await expectStillTalking(author.provider, reader.provider, round);
          expect(author.closes, `author closed after clock ${clock} from a ${role}`).toEqual([]);
          expect(reader.closes, `reader closed after clock ${clock} from a ${role}`).toEqual([]);
        },
      ),
      { numRuns: 30 },
    );
    author.provider.destroy();
    reader.provider.destroy();
  });
});

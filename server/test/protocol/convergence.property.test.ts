import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import type { DocName } from '@wethink/shared';
import { connectProvider, untilSynced, waitFor } from '../clients';
import { reopenDocuments, startTestServer, uniqueDocName } from '../start-test-server';

/** CI default; run longer locally or nightly with CONVERGENCE_RUNS=200 (and CONVERGENCE_SEED to replay). */
const numRuns = Number(process.env.CONVERGENCE_RUNS ?? 15);
const seed = process.env.CONVERGENCE_SEED === undefined ? undefined : Number(process.env.CONVERGENCE_SEED);

type Action =
  | { kind: 'insert'; author: number; at: number; text: string }
  | { kind: 'delete'; author: number; at: number; length: number }
  | { kind: 'disconnect'; author: number }
  | { kind: 'connect'; author: number }
  /** Wait until the server holds everything this author has (a no-op while it is offline). */
  | { kind: 'settle'; author: number };

const authorArb = fc.nat(3);
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      author: authorArb,
      at: fc.nat(),
      text: fc.string({ minLength: 1, maxLength: 6 }),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('delete' as const),
      author: authorArb,
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 5 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('disconnect' as const), author: authorArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('connect' as const), author: authorArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('settle' as const), author: authorArb }) },
);

const text = (provider: WebsocketProvider): string => provider.doc.getText('t').toString();

/** True when `doc` has every struct `other` has and vice versa. */
function sameState(doc: Y.Doc, other: Y.Doc): boolean {
  const mine = Y.decodeStateVector(Y.encodeStateVector(doc));
  const theirs = Y.decodeStateVector(Y.encodeStateVector(other));
  return mine.size === theirs.size && [...mine].every(([client, clock]) => theirs.get(client) === clock);
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function runScenario(authorCount: number, actions: Action[]): Promise<void> {
  const server = await startTestServer();
  const name = uniqueDocName('converge') as DocName;
  const providers = Array.from({ length: authorCount }, () => connectProvider(server, name));
  /** Closes the server initiated on an honest provider: there must be none. */
  const serverCloses: string[] = [];
  providers.forEach((provider, index) => {
    provider.on('connection-close', (event) => {
      if (event && event.code !== 1000 && event.code !== 1005) {
        serverCloses.push(`author ${index}: ${event.code} ${event.reason}`);
      }
    });
  });
  const room = () => server.registry.peek(name);
  let live: string | undefined;
  try {
    await Promise.all(providers.map((provider) => untilSynced(provider)));
    for (const action of actions) {
      const provider = providers[action.author % authorCount]!;
      const ytext = provider.doc.getText('t');
      switch (action.kind) {
        case 'insert':
          ytext.insert(action.at % (ytext.length + 1), action.text);
          break;
        case 'delete':
          if (ytext.length > 0) {
            const at = action.at % ytext.length;
            ytext.delete(at, Math.min(action.length, ytext.length - at));
          }
          break;
        case 'disconnect':
          provider.disconnect();
          break;
        case 'connect':
          provider.connect();
          break;
        case 'settle':
          if (provider.wsconnected) {
            await untilSynced(provider, 2000);
            await waitFor(() => {
              const live = room()?.doc;
              return live !== undefined && sameState(live, provider.doc);
            }, 'the server to have what one author has');
          }
          break;
      }
      await nextTurn();
    }

    for (const provider of providers) provider.connect();
    // Poll a snapshot rather than a boolean, so a timeout shows who diverged and how.
    await expect
      .poll(
        () => {
          const doc = room()?.doc;
          if (!doc) return 'no room';
          const server = doc.getText('t').toString();
          const authors = providers.map((provider) => ({
            text: text(provider),
            isSynced: provider.synced,
            hasServerState: sameState(provider.doc, doc),
          }));
          const isConverged = authors.every((a) => a.isSynced && a.hasServerState && a.text === server);
          return isConverged ? 'converged' : { server, authors };
        },
        { timeout: 5000, interval: 5 },
      )
      .toBe('converged');
    expect(serverCloses).toEqual([]);
    live = room()!.doc.getText('t').toString();

    // The update log as the running server has it...
    const logged = new Y.Doc();
    const fromLog = await server.store.load(name);
    if (fromLog.state) Y.applyUpdate(logged, fromLog.state);
    for (const update of fromLog.updates) Y.applyUpdate(logged, update);
    expect(logged.getText('t').toString()).toBe(live);
  } finally {
    for (const provider of providers) provider.destroy();
    await server.stop();
  }

  // ...and what a fresh process reads from the file after a clean shutdown.
  const reopened = await reopenDocuments(server.config);
  try {
    const stored = await reopened.store.load(name);
    const restored = new Y.Doc();
    if (stored.state) Y.applyUpdate(restored, stored.state);
    for (const update of stored.updates) Y.applyUpdate(restored, update);
    expect(live, 'the live text was never read').toBeDefined();
    expect(restored.getText('t').toString()).toBe(live);
    expect(restored.store.pendingStructs).toBeNull();
    expect(restored.store.pendingDs).toBeNull();
  } finally {
    await reopened.close();
  }
}

describe('stock providers editing one document through a real server', () => {
  it('converge after random edits, disconnects and reconnects, and the stored document matches', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 3, max: 4 }),
        fc.array(actionArb, { minLength: 5, maxLength: 40, size: 'max' }),
        runScenario,
      ),
      { numRuns, ...(seed === undefined ? {} : { seed }) },
    );
  }, 60_000);
});

import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import {
  CloseCode,
  MessageType,
  SyncStep,
  chapterFragment,
  encodeUpdate,
  type DocName,
} from '@wethink/shared';
import { authorshipOf } from '../../src/history/authorship';
import { userIdOfPrincipal } from '../../src/sync/room-history';
import { RawClient, connectProvider, untilSynced, waitFor } from '../clients';
import { startTestServer, uniqueDocName, type TestServer } from '../start-test-server';
import { paragraphText, serverText } from './history-fixture';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

/** Each simulated user types only letters of its own, so the author of a character is known from it. */
const ALPHABETS = ['abc', 'def', 'ghi', 'jkl'];
const authorOfLetter = (users: string[], char: string): string =>
  users[ALPHABETS.findIndex((alphabet) => alphabet.includes(char))]!;

function authorshipOnServer(name: string) {
  const room = server.registry.peek(name as DocName)!;
  return authorshipOf(chapterFragment(room.doc), (clientId) => {
    const principal = room.ownerOf(clientId);
    return principal === undefined ? null : userIdOfPrincipal(principal);
  });
}

const op = fc.record({
  user: fc.nat(),
  isInsert: fc.integer({ min: 0, max: 9 }).map((n) => n < 6),
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  length: fc.integer({ min: 1, max: 4 }),
  letter: fc.nat(2),
  /** Wait for every user to see every edit before this one (otherwise edits are concurrent). */
  isSyncPoint: fc.boolean(),
});

async function converge(providers: WebsocketProvider[], name: string): Promise<void> {
  await waitFor(
    () => providers.every((p) => paragraphText(p.doc).toString() === serverText(server, name)),
    'every user and the server agree',
    10_000,
  );
}

describe('attribution of concurrent edits by several users', () => {
  it('records each user’s insertions exactly and attributes every character of the final text to its writer', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 4 }),
        fc.array(op, { minLength: 5, maxLength: 60 }),
        async (k, ops) => {
          run += 1;
          const name = uniqueDocName('attr');
          const users = Array.from({ length: k }, (_, i) => `prop-${process.pid}-${run}-${i}`);
          const providers = users.map((user) => connectProvider(server, name, new Y.Doc(), { user }));
          try {
            await Promise.all(providers.map((p) => untilSynced(p)));
            paragraphText(providers[0]!.doc);
            await waitFor(() => providers.every((p) => chapterFragment(p.doc).length === 1), 'the paragraph');
            const inserted = new Map(users.map((user) => [`u_${user}`, 0]));
            for (const step of ops) {
              const index = step.user % k;
              const text = paragraphText(providers[index]!.doc);
              const at = Math.floor(step.at * text.length);
              if (step.isInsert || text.length === 0) {
                const chars = ALPHABETS[index]![step.letter]!.repeat(step.length);
                text.insert(Math.min(at, text.length), chars);
                inserted.set(`u_${users[index]}`, inserted.get(`u_${users[index]}`)! + chars.length);
              } else {
                text.delete(at, Math.min(step.length, text.length - at));
              }
              if (step.isSyncPoint) await converge(providers, name);
            }
            await converge(providers, name);
            await server.history.flush();

            const rows = await server.store.listContributions({
              scope: { doc: name as DocName },
              fromMs: 0,
              toMs: Infinity,
            });
            const recorded = new Map(users.map((user) => [`u_${user}`, 0]));
            let deleted = 0;
            for (const row of rows) {
              recorded.set(row.userId, (recorded.get(row.userId) ?? 0) + row.charsInserted);
              deleted += row.charsDeleted;
            }
            expect(recorded).toEqual(inserted);
            const finalText = serverText(server, name);
            const totalInserted = [...inserted.values()].reduce((a, b) => a + b, 0);
            expect(deleted).toBe(totalInserted - finalText.length);

            const perChar = authorshipOnServer(name).flatMap((r) =>
              [...r.text].map((char) => ({ char, userId: r.userId })),
            );
            expect(perChar.map((c) => c.char).join('')).toBe(finalText);
            for (const { char, userId } of perChar) expect(userId).toBe(`u_${authorOfLetter(users, char)}`);
          } finally {
            for (const provider of providers) provider.destroy();
          }
        },
      ),
      { seed: 20261129, numRuns: 6, endOnFailure: true },
    );
  });

  it('a forged client id cannot steal authorship: the forger is closed with 4403, authorship unchanged', async () => {
    const name = uniqueDocName('forge');
    const victim = connectProvider(server, name, new Y.Doc(), { user: 'victim' });
    try {
      await untilSynced(victim);
      paragraphText(victim.doc).insert(0, 'my words');
      await waitFor(() => serverText(server, name) === 'my words', 'the victim’s text');
      const before = authorshipOnServer(name);
      expect(before).toEqual([{ text: 'my words', userId: 'u_victim' }]);

      const forger = await RawClient.open(await server.urlFor(name, { user: 'mallory' }));
      await forger.nextMessage((m) => m.type === MessageType.sync && m.step === SyncStep.step1);
      const forged = new Y.Doc();
      Y.applyUpdate(forged, Y.encodeStateAsUpdate(server.registry.peek(name as DocName)!.doc));
      // Set after loading: Yjs would pick a new id on seeing its own id in a remote update.
      forged.clientID = victim.doc.clientID;
      const sv = Y.encodeStateVector(forged);
      paragraphText(forged).insert(0, 'stolen ');
      forger.send(encodeUpdate(Y.encodeStateAsUpdate(forged, sv)));
      expect((await forger.untilClosed()).code).toBe(CloseCode.forbidden);
      expect(serverText(server, name)).toBe('my words');
      expect(authorshipOnServer(name)).toEqual(before);
    } finally {
      victim.destroy();
    }
  });
});

import path from 'node:path';
import fc from 'fast-check';
import Database from 'libsql';
import * as encoding from 'lib0/encoding';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  CHAPTER_FRAGMENT_NAME,
  CloseCode,
  MessageType,
  SyncStep,
  chapterFragment,
  encodeQueryAwareness,
  encodeUpdate,
  type VersionView,
} from '@wethink/shared';
import { RawClient, connectProvider, untilSynced, waitFor } from '../clients';
import { bookWithTeam, paragraphText, tokensOf, writer, type Team } from '../history/history-fixture';
import { isOnPostgres, startTestServer, type TestServer } from '../start-test-server';
import { encodeOddUpdate, oddUpdateArb } from '../support/odd-updates';

let server: TestServer;
let team: Team;
let chapters = 0;
beforeAll(async () => {
  // Rooms unload soon after their last client leaves: the repair test reloads a chapter from disk.
  server = await startTestServer({ ROOM_IDLE_MS: '300' });
  team = await bookWithTeam(server);
});
afterAll(async () => {
  await server?.stop();
});

const api = (chapterId: string, rest: string) => `/api/books/${team.bookId}/chapters/${chapterId}${rest}`;

/**
 * A chapter the author wrote in, and a raw connection to attack it with: the author's own (the
 * attacks of issue 16) or, for the fuzz, another member's, so the author's client ids are not the
 * attacker's to write under.
 */
async function authoredChapter(attacker: 'author' | 'owner' = 'author') {
  const chapterId = `odd-${++chapters}`;
  const name = `${team.bookId}/${chapterId}`;
  const provider = await writer(server, team.author, team.bookId, chapterId);
  paragraphText(provider.doc).insert(0, 'every word of this stays');
  await waitFor(() => chapterText(server.registry.peek(name as never)?.doc) !== '', 'the text to be stored');
  const raw = await RawClient.open(
    `${server.syncUrl}/${name}?token=${await team[attacker].connectionToken(team.bookId)}`,
  );
  await raw.nextMessage((m) => m.type === MessageType.sync && m.step === SyncStep.step1);
  return { chapterId, name, provider, raw };
}

function chapterText(doc: Y.Doc | undefined): string {
  return doc ? chapterFragment(doc).toString() : '';
}

/** Everything a chapter is for still works: versions, diff, restore, authorship, a fresh load. */
async function expectChapterWorks(chapterId: string, name: string): Promise<void> {
  const { version } = await team.owner.json<{ version: VersionView }>('POST', api(chapterId, '/versions'), {
    name: `v-${chapterId}`,
  });
  await team.owner.json('GET', api(chapterId, `/versions/${version.id}`));
  await team.owner.json('GET', api(chapterId, `/diff?from=${version.id}&to=now`));
  await team.owner.json('GET', api(chapterId, '/authorship'));
  await team.owner.json('POST', api(chapterId, `/versions/${version.id}/restore`));
  const fresh = connectProvider(tokensOf(server, team.reviewer, team.bookId), name);
  try {
    await untilSynced(fresh);
    expect(chapterText(fresh.doc)).toBe(chapterText(server.registry.peek(name as never)!.doc));
    Y.encodeStateAsUpdateV2(fresh.doc);
  } finally {
    fresh.destroy();
  }
}

/** `{ client, clock: 0, structs: [GC(len 0), Item(parentKey 'fz', 'z')] }`, as the attack sent it. */
function zeroLengthGc(client: number): Uint8Array {
  return encodeOddUpdate({
    client,
    clock: 0,
    structs: [
      { kind: 'gc', length: 0 },
      { kind: 'item', content: { kind: 'string', text: 'z' }, origin: null, parent: 'fz', parentSub: null },
    ],
    deletes: [],
  });
}

describe('updates Yjs would not write (issue 16)', () => {
  it('refuses a zero-length GC struct with 4400, and the chapter still versions', async () => {
    const { chapterId, name, provider, raw } = await authoredChapter();
    raw.send(encodeUpdate(zeroLengthGc(424242)));
    expect((await raw.untilClosed()).code).toBe(CloseCode.malformedMessage);
    await expectChapterWorks(chapterId, name);
    provider.destroy();
  });

  it('refuses a delete a million clocks into the author’s own future with 4409; their next edits reach everyone', async () => {
    const { chapterId, name, provider, raw } = await authoredChapter();
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0); // no structs
    encoding.writeVarUint(encoder, 1); // delete set: one client
    encoding.writeVarUint(encoder, provider.doc.clientID); // the author's own
    encoding.writeVarUint(encoder, 1);
    encoding.writeVarUint(encoder, Y.getState(provider.doc.store, provider.doc.clientID));
    encoding.writeVarUint(encoder, 1_000_000);
    raw.send(encodeUpdate(encoding.toUint8Array(encoder)));
    expect((await raw.untilClosed()).code).toBe(CloseCode.stateConflict);
    paragraphText(provider.doc).insert(0, 'after: ');
    const reader = connectProvider(tokensOf(server, team.reviewer, team.bookId), name);
    await untilSynced(reader);
    await waitFor(() => chapterText(reader.doc).includes('after: every word'), 'the author’s next edit');
    await expectChapterWorks(chapterId, name);
    reader.destroy();
    provider.destroy();
  });

  it('keeps every chapter working whatever structurally odd update its author sends', async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(), async (seed) => {
        const { chapterId, name, provider, raw } = await authoredChapter('owner');
        const author = provider.doc.clientID;
        const odd = fc.sample(
          oddUpdateArb({
            attacker: 777_000 + chapters,
            author,
            authorClock: Y.getState(provider.doc.store, author),
            rootName: CHAPTER_FRAGMENT_NAME,
          }),
          { seed, numRuns: 6 },
        );
        for (const spec of odd) {
          if (raw.closed) break;
          raw.send(encodeUpdate(encodeOddUpdate(spec)));
        }
        // Barrier: once a message sent after the odd ones is answered, they were all judged.
        raw.send(encodeQueryAwareness());
        await raw.nextMessage((m) => m.type === MessageType.awareness).catch(() => raw.untilClosed());
        raw.socket.terminate();
        await expectChapterWorks(chapterId, name);
        provider.destroy();
      }),
      { numRuns: 40 },
    );
  });
});

describe('a chapter an older server stored with a zero-length struct', () => {
  // Legacy data exists only in SQLite files: PostgreSQL storage is new with this guard.
  it.skipIf(isOnPostgres)(
    'loads repaired, versions, keeps its text and is stored checked after compaction',
    async () => {
      const dataDir = server.config.dataDir;
      const { chapterId, name, provider, raw } = await authoredChapter();
      provider.destroy();
      raw.socket.terminate();
      const text = chapterText(server.registry.peek(name as never)!.doc);
      await waitFor(() => server.registry.peek(name as never) === undefined, 'the room to unload');
      // What the old guard let through, written as the old server wrote it: unchecked.
      const db = new Database(path.join(dataDir, 'wethink.sqlite'));
      db.prepare('INSERT INTO updates (doc, data, created_at, is_checked) VALUES (?, ?, ?, 0)').run(
        name,
        Buffer.from(zeroLengthGc(515151)),
        Date.now(),
      );
      db.close();
      await expectChapterWorks(chapterId, name);
      expect(chapterText(server.registry.peek(name as never)!.doc)).toContain(text.slice(0, 20));
      await waitFor(
        () => server.registry.peek(name as never) === undefined,
        'the room to unload again',
        20_000,
      );
      const stored = await server.store.load(name as never);
      expect(stored.isChecked).toBe(true);
    },
  );
});

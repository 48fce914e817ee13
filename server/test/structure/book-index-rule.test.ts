import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import {
  CloseCode,
  MAX_CHAPTERS,
  MessageType,
  SyncStep,
  addChapter,
  blockedOf,
  createBook,
  encodeUpdate,
  entriesOf,
  legacyOf,
  metaOf,
  moveChapter,
  purgedOf,
  readBookIndex,
  deletePart,
  restoreChapter,
  trashChapter,
  addPart,
  type DocName,
} from '@wethink/shared';
import { RawClient, waitFor } from '../clients';
import { bookWithMembers, type ApiUser } from '../protocol/api-user';
import { startTestServer, type TestServer } from '../start-test-server';

/**
 * A writer's connection to the chapter list cannot make the server's changes (issue 21's
 * follow-up): whatever bytes it sends, a chapter never leaves the list, purges are the server's,
 * a created book stays created and a trashed chapter records who trashed it truthfully.
 */
describe("the chapter list's rules for writers' connections", () => {
  let server: TestServer;
  let team: Awaited<ReturnType<typeof bookWithMembers>>;
  let bookId: string;
  const raws: RawClient[] = [];

  const serverDoc = (): Y.Doc => server.registry.peek(bookId as DocName)!.doc;
  /** A connection of `user` to the chapter list, synced with the server's copy in `doc`. */
  const connect = async (
    user: ApiUser,
  ): Promise<{ raw: RawClient; doc: Y.Doc; send: (change: (doc: Y.Doc) => void) => void }> => {
    const raw = await RawClient.open(
      `${server.syncUrl}/${bookId}?token=${await user.connectionToken(bookId)}`,
    );
    raws.push(raw);
    await raw.nextMessage((m) => m.type === MessageType.sync && m.step === SyncStep.step1);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(serverDoc()));
    const send = (change: (doc: Y.Doc) => void): void => {
      const updates: Uint8Array[] = [];
      const capture = (update: Uint8Array): void => void updates.push(update);
      doc.on('update', capture);
      doc.transact(() => change(doc));
      doc.off('update', capture);
      for (const update of updates) raw.send(encodeUpdate(update));
    };
    return { raw, doc, send };
  };
  const listIds = (): string[] => {
    const view = readBookIndex(serverDoc());
    return [...view.chapters.map((c) => c.id), ...view.trash.map((c) => c.id)].sort();
  };

  beforeAll(async () => {
    server = await startTestServer();
    team = await bookWithMembers(server.url);
    bookId = team.bookId;
    const { raw, send } = await connect(team.members.author);
    send((doc) => {
      if (!readBookIndex(doc).isCreated)
        createBook(doc, { title: 'Rules', nowMs: 1, firstChapter: { id: 'c1', title: 'One' } });
      addChapter(doc, { id: 'c2', title: 'Two' });
      addChapter(doc, { id: 'c3', title: 'Three' });
    });
    await waitFor(() => listIds().includes('c3'), 'chapters stored');
    raw.close();
  });
  afterAll(async () => {
    for (const raw of raws) raw.socket.terminate();
    await server?.stop();
  });

  const attacks: { what: string; change: (doc: Y.Doc, userIds: { other: string }) => void }[] = [
    { what: 'deletes a chapter from the list', change: (doc) => entriesOf(doc).delete('c2') },
    {
      what: 'replaces a chapter with a value that is not one',
      change: (doc) => entriesOf(doc).set('c2', 'gone' as never),
    },
    { what: 'marks a chapter purged', change: (doc) => purgedOf(doc).set('c3', 5) },
    { what: 'un-creates the book', change: (doc) => metaOf(doc).delete('createdAtMs') },
    { what: 'blocks a reader', change: (doc) => blockedOf(doc).set('someone', 5) },
    {
      what: 'trashes a chapter in the name of another member',
      change: (doc, { other }) => trashChapter(doc, 'c2', { nowMs: 9, userId: other }),
    },
  ];

  for (const attack of attacks) {
    it(`closes with 4403 an author's connection that ${attack.what}; the list and others are untouched`, async () => {
      const before = Y.encodeStateVector(serverDoc());
      const idsBefore = listIds();
      const bystander = await connect(team.members.owner);
      const attacker = await connect(team.members.author);
      attacker.send((doc) => attack.change(doc, { other: team.members.owner.user.id }));
      const closed = await attacker.raw.untilClosed();
      expect(closed.code).toBe(CloseCode.forbidden);
      expect(closed.reason).not.toBe('');
      expect(Y.encodeStateVector(serverDoc())).toEqual(before);
      expect(listIds()).toEqual(idsBefore);
      expect(bystander.raw.closed).toBeNull();
      // The rule's shadow was rebuilt: an ordinary change right after still lands.
      const writer = await connect(team.members.author);
      writer.send((doc) => moveChapter(doc, 'c1', { partId: null, beforeId: null }));
      writer.send((doc) => addChapter(doc, { id: `after-${attacks.indexOf(attack)}`, title: 'Later' }));
      await waitFor(
        () => listIds().includes(`after-${attacks.indexOf(attack)}`),
        'ordinary change after a refusal',
      );
      expect(writer.raw.closed).toBeNull();
    });
  }

  it('lets writers do everything the editor does: move, parts, trash as themselves, restore, rename', async () => {
    const author = await connect(team.members.author);
    author.send((doc) => {
      addPart(doc, { id: 'p1', title: 'Part' });
      moveChapter(doc, 'c3', { partId: 'p1', beforeId: null });
    });
    author.send((doc) => trashChapter(doc, 'c2', { nowMs: 10, userId: team.members.author.user.id }));
    author.send((doc) => restoreChapter(doc, 'c2'));
    author.send((doc) => trashChapter(doc, 'c2', { nowMs: 11, userId: null }));
    author.send((doc) => deletePart(doc, 'p1'));
    author.send((doc) => metaOf(doc).set('title', 'Renamed'));
    await waitFor(() => readBookIndex(serverDoc()).title === 'Renamed', 'all changes stored');
    expect(author.raw.closed).toBeNull();
    const view = readBookIndex(serverDoc());
    expect(view.trash.map((c) => c.id)).toEqual(['c2']);
    expect(view.parts).toEqual([]);
    expect(view.chapters.map((c) => c.id)).toContain('c3');
  });

  it('keeps a layout-1 chapter list whole: deleting from its array is refused', async () => {
    const author = await connect(team.members.author);
    author.send((doc) => legacyOf(doc).push([new Y.Map(Object.entries({ id: 'old1', title: 'Old' }))]));
    await waitFor(() => listIds().includes('old1'), 'legacy chapter stored');
    author.send((doc) => {
      const at = legacyOf(doc)
        .toArray()
        .findIndex((item) => item instanceof Y.Map && item.get('id') === 'old1');
      legacyOf(doc).delete(at, 1);
    });
    expect((await author.raw.untilClosed()).code).toBe(CloseCode.forbidden);
    expect(listIds()).toContain('old1');
  });

  // Last: it fills the book.
  it(`refuses a chapter past ${MAX_CHAPTERS} (trash included), and takes changes to a full book`, async () => {
    const author = await connect(team.members.author);
    const have = listIds().length;
    author.send((doc) => {
      for (let i = have; i < MAX_CHAPTERS; i += 1) addChapter(doc, { id: `fill-${i}`, title: `Fill ${i}` });
    });
    await waitFor(() => listIds().length === MAX_CHAPTERS, 'the book filled', 10_000);
    author.send((doc) => trashChapter(doc, `fill-${have}`, { nowMs: 20, userId: null }));
    await waitFor(
      () => readBookIndex(serverDoc()).trash.some((c) => c.id === `fill-${have}`),
      'a trash move',
    );
    author.send((doc) => addChapter(doc, { id: 'one-too-many', title: 'Too many' }));
    const closed = await author.raw.untilClosed();
    expect(closed.code).toBe(CloseCode.forbidden);
    expect(closed.reason).toContain(`at most ${MAX_CHAPTERS} chapters`);
    expect(listIds()).not.toContain('one-too-many');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import {
  bookSchema,
  type AuthorshipView,
  type DiffView,
  type VersionContentView,
  type VersionView,
} from '@wethink/shared';
import { waitFor } from '../clients';
import { makeTempDir, startTestServer, type TestServer } from '../start-test-server';
import { ApiUser } from '../protocol/api-user';
import { bookWithTeam, paragraphText, untilServerText, writer } from './history-fixture';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function start(env: Record<string, string> = {}): Promise<TestServer> {
  const server = await startTestServer(env);
  cleanups.push(() => server.stop());
  return server;
}

function track(provider: WebsocketProvider): WebsocketProvider {
  cleanups.push(() => provider.destroy());
  return provider;
}

const chapter = (bookId: string, rest = '') => `/api/books/${bookId}/chapters/ch-1${rest}`;

describe('versions over the HTTP API', () => {
  it('creates, lists, shows and diffs a named version; restore is live and attributed to the restorer', async () => {
    const server = await start();
    const { bookId, owner, author, reviewer } = await bookWithTeam(server);
    const name = `${bookId}/ch-1`;
    const authorSide = track(await writer(server, author, bookId, 'ch-1'));
    paragraphText(authorSide.doc).insert(0, 'Hello world');
    await untilServerText(server, name, 'Hello world');

    const { version } = await owner.json<{ version: VersionView }>('POST', chapter(bookId, '/versions'), {
      name: 'First draft',
    });
    expect(version).toMatchObject({
      kind: 'named',
      name: 'First draft',
      createdBy: owner.id,
      chapterId: 'ch-1',
    });

    const ownerSide = track(await writer(server, owner, bookId, 'ch-1'));
    const text = paragraphText(ownerSide.doc);
    text.delete(6, 5);
    text.insert(6, 'there');
    await untilServerText(server, name, 'Hello there');

    const { versions } = await reviewer.json<{ versions: VersionView[] }>(
      'GET',
      chapter(bookId, '/versions'),
    );
    expect(versions.map((v) => v.id)).toContain(version.id);
    const shown = await reviewer.json<VersionContentView>('GET', chapter(bookId, `/versions/${version.id}`));
    expect(shown.text).toBe('Hello world');
    expect(bookSchema.nodeFromJSON(shown.content).textContent).toBe('Hello world');
    expect(shown.content).toEqual({
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Hello world' }] }],
    });

    const diff = await reviewer.json<DiffView>('GET', chapter(bookId, `/diff?from=${version.id}&to=now`));
    expect(diff.runs).toEqual([
      { kind: 'equal', text: 'Hello ', userId: author.id },
      { kind: 'delete', text: 'world', userId: owner.id, writtenBy: author.id },
      { kind: 'insert', text: 'there', userId: owner.id },
    ]);

    // Restore: the author's open editor follows at once, and what it changed is the owner's edit.
    const restored = await owner.json<{ restoredFrom: number }>(
      'POST',
      chapter(bookId, `/versions/${version.id}/restore`),
    );
    expect(restored.restoredFrom).toBe(version.id);
    await waitFor(
      () => paragraphText(authorSide.doc).toString() === 'Hello world',
      'restore reaches the author',
    );
    await untilServerText(server, name, 'Hello world');
    const authorship = await author.json<AuthorshipView>('GET', chapter(bookId, '/authorship'));
    // Only what differed is the restorer's: 'Hello ' keeps its author, 'world' is written again.
    expect(authorship.runs).toEqual([
      { text: 'Hello ', userId: author.id },
      { text: 'world', userId: owner.id },
    ]);
    const back = await author.json<DiffView>('GET', chapter(bookId, `/diff?from=${version.id}&to=now`));
    expect(
      back.runs
        .filter((run) => run.kind !== 'delete')
        .map((run) => run.text)
        .join(''),
    ).toBe('Hello world');
    expect(back.runs.filter((run) => run.kind === 'insert').every((run) => run.userId === owner.id)).toBe(
      true,
    );

    // The author keeps editing on top of the restore.
    paragraphText(authorSide.doc).insert(11, '!');
    await untilServerText(server, name, 'Hello world!');
  });

  it('refuses a reviewer’s named version and restore with 403, non-members with 404, signed-out with 401', async () => {
    const server = await start();
    const { bookId, author, reviewer } = await bookWithTeam(server);
    const side = track(await writer(server, author, bookId, 'ch-1'));
    paragraphText(side.doc).insert(0, 'Mine');
    await untilServerText(server, `${bookId}/ch-1`, 'Mine');
    const { version } = await author.json<{ version: VersionView }>('POST', chapter(bookId, '/versions'), {
      name: 'v',
    });
    expect((await reviewer.request('POST', chapter(bookId, '/versions'), { name: 'no' })).status).toBe(403);
    expect((await reviewer.request('POST', chapter(bookId, `/versions/${version.id}/restore`))).status).toBe(
      403,
    );
    expect((await author.request('POST', chapter(bookId, '/versions'), { name: '' })).status).toBe(400);
    const stranger = await ApiUser.signUp(server.url, 'Stranger');
    for (const path of [
      '/versions',
      `/versions/${version.id}`,
      `/diff?from=${version.id}&to=now`,
      '/authorship',
    ]) {
      expect((await stranger.request('GET', chapter(bookId, path))).status, path).toBe(404);
      expect((await fetch(`${server.url}${chapter(bookId, path)}`)).status, path).toBe(401);
    }
    expect((await stranger.request('GET', `/api/books/${bookId}/credits`)).status).toBe(404);
    expect((await author.request('GET', chapter(bookId, '/versions/999999'))).status).toBe(404);
    expect((await author.request('GET', chapter(bookId, `/diff?from=${version.id}&to=soon`))).status).toBe(
      400,
    );
  });

  it('keeps versions, diffs and authorship across compaction and a restart on the same data', async () => {
    const dataDir = makeTempDir();
    const env = { DATA_DIR: dataDir, COMPACT_AFTER_UPDATES: '2', COMPACT_QUIET_MS: '0' };
    let server = await startTestServer(env);
    const { bookId, owner, author } = await bookWithTeam(server);
    const name = `${bookId}/ch-1`;
    const authorSide = await writer(server, author, bookId, 'ch-1');
    const text = paragraphText(authorSide.doc);
    for (const word of ['One ', 'two ', 'three']) text.insert(text.length, word);
    await untilServerText(server, name, 'One two three');
    const { version } = await author.json<{ version: VersionView }>('POST', chapter(bookId, '/versions'), {
      name: 'before',
    });
    const ownerSide = await writer(server, owner, bookId, 'ch-1');
    paragraphText(ownerSide.doc).delete(0, 4);
    paragraphText(ownerSide.doc).insert(9, ' four');
    await untilServerText(server, name, 'two three four');
    await waitFor(() => !server.registry.peek(name as never)?.hasUncompactedUpdates, 'compaction');
    authorSide.destroy();
    ownerSide.destroy();
    await server.stop();

    server = await startTestServer(env);
    cleanups.push(() => server.stop());
    const [ownerNow, authorNow] = [owner.at(server.url), author.at(server.url)];
    const { versions } = await ownerNow.json<{ versions: VersionView[] }>(
      'GET',
      chapter(bookId, '/versions'),
    );
    expect(versions.find((v) => v.id === version.id)).toMatchObject({ name: 'before', kind: 'named' });
    const shown = await ownerNow.json<VersionContentView>('GET', chapter(bookId, `/versions/${version.id}`));
    expect(shown.text).toBe('One two three');
    const diff = await ownerNow.json<DiffView>('GET', chapter(bookId, `/diff?from=${version.id}&to=now`));
    expect(diff.runs).toEqual([
      { kind: 'delete', text: 'One ', userId: owner.id, writtenBy: author.id },
      { kind: 'equal', text: 'two three', userId: author.id },
      { kind: 'insert', text: ' four', userId: owner.id },
    ]);
    const authorship = await authorNow.json<AuthorshipView>('GET', chapter(bookId, '/authorship'));
    expect(authorship.runs).toEqual([
      { text: 'two three', userId: author.id },
      { text: ' four', userId: owner.id },
    ]);
    // The room loaded again: restoring works on the reloaded document.
    await authorNow.json('POST', chapter(bookId, `/versions/${version.id}/restore`));
    const reader = track(await writer(server, owner.at(server.url), bookId, 'ch-1'));
    expect(paragraphText(reader.doc).toString()).toBe('One two three');
  });
});

describe('automatic versions', () => {
  it('takes one when editing goes quiet, and none while nothing changed', async () => {
    const server = await start({ VERSION_QUIET_MS: '100', VERSION_MAX_WAIT_MS: '60000' });
    const { bookId, author } = await bookWithTeam(server);
    const side = track(await writer(server, author, bookId, 'ch-1'));
    paragraphText(side.doc).insert(0, 'quiet now');
    const list = async () =>
      (await author.json<{ versions: VersionView[] }>('GET', chapter(bookId, '/versions'))).versions;
    await expect.poll(list, { timeout: 5000 }).toHaveLength(1);
    const [auto] = await list();
    expect(auto).toMatchObject({ kind: 'auto', name: null, createdBy: null });
    expect(
      (await author.json<VersionContentView>('GET', chapter(bookId, `/versions/${auto!.id}`))).text,
    ).toBe('quiet now');
    paragraphText(side.doc).insert(9, '!');
    await expect.poll(list, { timeout: 5000 }).toHaveLength(2);
  });

  it('takes one when the last writer leaves, and skips it when nothing changed since', async () => {
    const server = await start({ VERSION_QUIET_MS: '600000' });
    const { bookId, author, reviewer } = await bookWithTeam(server);
    const name = `${bookId}/ch-1`;
    const watcher = track(await writer(server, reviewer, bookId, 'ch-1'));
    const side = await writer(server, author, bookId, 'ch-1');
    paragraphText(side.doc).insert(0, 'leaving');
    await untilServerText(server, name, 'leaving');
    side.destroy();
    const list = async () =>
      (await author.json<{ versions: VersionView[] }>('GET', chapter(bookId, '/versions'))).versions;
    await expect.poll(list, { timeout: 5000 }).toHaveLength(1);
    expect(watcher.wsconnected).toBe(true);
    const again = await writer(server, author, bookId, 'ch-1');
    again.destroy();
    await waitFor(() => server.registry.peek(name as never)?.peers.size === 1, 'the writer left');
    await server.history.flush();
    expect(await list()).toHaveLength(1);
    expect(Y.encodeStateVector(watcher.doc).length).toBeGreaterThan(0);
  });
});

import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import type { Node } from 'prosemirror-model';
import { bookSchema, chapterFragment, type DocName } from '@wethink/shared';
import { connectProvider, untilSynced, waitFor } from '../clients';
import { anchorOf, newId } from '../comments/comments-fixture';
import { tokensOf } from '../history/history-fixture';
import { bookWithMembers, type ApiUser } from '../protocol/api-user';
import type { TestServer } from '../start-test-server';
import { appendChapters } from '../../src/export/book-outline';
import { appendToFragment } from '../../src/import/write-fragment';

const s = bookSchema;
const t = (text: string, ...marks: string[]) =>
  s.text(
    text,
    marks.map((mark) => s.mark(mark)),
  );
const link = (text: string, href: string) => s.text(text, [s.mark('link', { href })]);
const p = (...content: Node[]) => s.node('paragraph', null, content);
const h = (level: number, text: string) => s.node('heading', { level }, [t(text)]);
const li = (...content: Node[]) => s.node('list_item', null, content);
const note = (text: string) => s.node('note', { text });

/** A chapter with every node and mark the schema holds (its first block is a plain paragraph). */
export const everyNodeChapter = s.node('doc', null, [
  p(t('Olive opens the book with a plain sentence.')),
  h(2, 'A section heading'),
  p(
    t('Some '),
    t('emphasis', 'em'),
    t(', some '),
    t('strength', 'strong'),
    t(' and a '),
    link('link', 'https://example.com/a?b=1&c=2'),
    t('.'),
  ),
  p(
    t('A note follows'),
    note('The first note, with <angle> & ampersand.'),
    t(' and a line'),
    s.node('hard_break'),
    t('break.'),
  ),
  s.node('blockquote', null, [p(t('A quoted passage.'))]),
  s.node('bullet_list', null, [
    li(p(t('First bullet'))),
    li(p(t('Second bullet')), s.node('bullet_list', null, [li(p(t('Nested bullet')))])),
  ]),
  s.node('ordered_list', { order: 3 }, [li(p(t('Third item'))), li(p(t('Fourth item')))]),
  s.node('horizontal_rule'),
  h(3, 'A smaller heading'),
  p(t('The end of the first chapter'), note('The second note.')),
]);

export const authorChapter = s.node('doc', null, [
  p(t('Arthur writes the second chapter in his own words.')),
  p(t('It has two paragraphs'), note('And a third note.'), t('.')),
]);

export const BOOK_TITLE = 'The Book of Export';
export const CHAPTERS = [
  { id: 'ch-1', title: 'Beginnings' },
  { id: 'ch-2', title: 'Endings' },
] as const;

function fragmentXml(doc: Y.Doc): string {
  return chapterFragment(doc).toString();
}

/** Writes `content` into a document through a provider of `user`, and waits for the server to hold it. */
export async function write(
  server: TestServer,
  user: ApiUser,
  name: string,
  change: (doc: Y.Doc) => void,
  cleanups: (() => unknown)[],
): Promise<WebsocketProvider> {
  const bookId = name.split('/', 1)[0]!;
  const provider = connectProvider(tokensOf(server, user, bookId), name);
  cleanups.push(() => provider.destroy());
  await untilSynced(provider);
  provider.doc.transact(() => change(provider.doc));
  const expected = Y.encodeStateVector(provider.doc).toString();
  await waitFor(() => {
    const room = server.registry.peek(name as DocName);
    return room !== undefined && Y.encodeStateVector(room.doc).toString() === expected;
  }, `the server to hold ${name}`);
  return provider;
}

/**
 * A book with two chapters written by two people (the owner Olive and the author Arthur), every
 * node type in the first, and a comment by the reviewer; a reader and a stranger to check access.
 */
export async function writtenBook(server: TestServer, cleanups: (() => unknown)[]) {
  const team = await bookWithMembers(server.url);
  const { bookId, members } = team;
  await write(
    server,
    members.owner,
    bookId,
    (doc) => appendChapters(doc, { title: BOOK_TITLE, nowMs: Date.now(), chapters: CHAPTERS }),
    cleanups,
  );
  const ownerChapter = await write(
    server,
    members.owner,
    `${bookId}/ch-1`,
    (doc) => appendToFragment(chapterFragment(doc), everyNodeChapter),
    cleanups,
  );
  await write(
    server,
    members.author,
    `${bookId}/ch-2`,
    (doc) => appendToFragment(chapterFragment(doc), authorChapter),
    cleanups,
  );
  const response = await members.reviewer.request('POST', `/api/books/${bookId}/chapters/ch-1/threads`, {
    id: newId(),
    commentId: newId(),
    anchor: anchorOf(ownerChapter.doc, 0, 5),
    body: 'Is "Olive" right here?',
  });
  if (response.status !== 201) throw new Error(`thread: ${response.status} ${await response.text()}`);
  return { ...team, ownerChapterDoc: ownerChapter.doc, fragmentXml: () => fragmentXml(ownerChapter.doc) };
}

/** GET …/export?format= as `user`; fails unless 200. */
export async function exportAs(user: ApiUser, bookId: string, format: string): Promise<Response> {
  const response = await user.request('GET', `/api/books/${bookId}/export?format=${format}`);
  if (response.status !== 200)
    throw new Error(`export ${format}: ${response.status} ${await response.text()}`);
  return response;
}

import { randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { encodeAnchor, type CommentAnchor } from '@wethink/shared';
import { connectProvider, untilSynced } from '../clients';
import { tokensOf, untilServerText, paragraphText } from '../history/history-fixture';
import { bookWithMembers, type ApiUser } from '../protocol/api-user';
import type { TestServer } from '../start-test-server';

export const newId = (): string => randomUUID();

export const chapterPath = (bookId: string, rest = ''): string => `/api/books/${bookId}/chapters/ch-1${rest}`;

/** A book with one member per role and a first chapter whose first paragraph holds `text`. */
export async function bookWithChapter(server: TestServer, text: string, cleanups: (() => unknown)[]) {
  const team = await bookWithMembers(server.url);
  const { bookId } = team;
  const author = connectProvider(tokensOf(server, team.members.author, bookId), `${bookId}/ch-1`);
  cleanups.push(() => author.destroy());
  await untilSynced(author);
  paragraphText(author.doc).insert(0, text);
  await untilServerText(server, `${bookId}/ch-1`, text);
  return { ...team, authorDoc: author.doc, authorProvider: author };
}

/** The anchor a client makes for `[from, to)` of the first paragraph of `doc`. */
export function anchorOf(doc: Y.Doc, from: number, to: number): CommentAnchor {
  const text = paragraphText(doc);
  return encodeAnchor({
    start: Y.createRelativePositionFromTypeIndex(text, from, 0),
    end: Y.createRelativePositionFromTypeIndex(text, to, -1),
  });
}

/** Starts a thread on `[from, to)`; returns the raw response. */
export function postThread(
  user: ApiUser,
  bookId: string,
  anchor: CommentAnchor,
  body: string,
  ids = { id: newId(), commentId: newId() },
): Promise<Response> {
  return user.request('POST', chapterPath(bookId, '/threads'), { ...ids, anchor, body });
}

/** A stock provider reading the chapter's comments document as `user`. */
export async function commentsReader(
  server: TestServer,
  user: ApiUser,
  bookId: string,
  cleanups: (() => unknown)[],
): Promise<WebsocketProvider> {
  const provider = connectProvider(tokensOf(server, user, bookId), `${bookId}/ch-1/comments`);
  cleanups.push(() => provider.destroy());
  await untilSynced(provider);
  return provider;
}

export async function errorCodeOf(response: Response): Promise<string> {
  return ((await response.json()) as { error: { code: string } }).error.code;
}

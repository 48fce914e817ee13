import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { Role, chapterFragment } from '@wethink/shared';
import { connectProvider, untilSynced, waitFor, type TokenSource } from '../clients';
import type { TestServer } from '../start-test-server';
import { ApiUser } from '../protocol/api-user';

export interface Team {
  bookId: string;
  owner: ApiUser;
  author: ApiUser;
  reviewer: ApiUser;
}

/** A book made through the API by its owner, with an author and a reviewer who accepted invites. */
export async function bookWithTeam(server: { url: string }): Promise<Team> {
  const owner = await ApiUser.signUp(server.url, 'Olive');
  const { book } = await owner.json<{ book: { id: string } }>('POST', '/api/books', { title: 'History' });
  const join = async (name: string, role: Role): Promise<ApiUser> => {
    const member = await ApiUser.signUp(server.url, name);
    const { invite } = await owner.json<{ invite: { code: string } }>(
      'POST',
      `/api/books/${book.id}/invites`,
      {
        role,
      },
    );
    await member.json('POST', `/api/invites/${invite.code}/accept`);
    return member;
  };
  return {
    bookId: book.id,
    owner,
    author: await join('Arthur', Role.author),
    reviewer: await join('Rita', Role.reviewer),
  };
}

/** Connection tokens of a signed-in user (the real endpoint), for stock providers. */
export function tokensOf(server: { syncUrl: string }, user: ApiUser, bookId: string): TokenSource {
  return { syncUrl: server.syncUrl, tokenFor: () => user.connectionToken(bookId) };
}

/** A stock provider of `user` on the chapter, synced. */
export async function writer(
  server: TestServer,
  user: ApiUser,
  bookId: string,
  chapterId: string,
): Promise<WebsocketProvider> {
  const provider = connectProvider(tokensOf(server, user, bookId), `${bookId}/${chapterId}`);
  await untilSynced(provider);
  return provider;
}

/** The chapter's first paragraph's text, creating the paragraph if there is none. */
export function paragraphText(doc: Y.Doc): Y.XmlText {
  const fragment = chapterFragment(doc);
  const first = fragment.get(0);
  if (first instanceof Y.XmlElement) return first.get(0) as Y.XmlText;
  const paragraph = new Y.XmlElement('paragraph');
  const text = new Y.XmlText();
  doc.transact(() => {
    fragment.insert(0, [paragraph]);
    paragraph.insert(0, [text]);
  });
  return text;
}

/** The server's copy of the chapter's first paragraph (as it stands in the live room). */
export function serverText(server: TestServer, name: string): string {
  const room = server.registry.peek(name as never);
  const first = room ? chapterFragment(room.doc).get(0) : undefined;
  return first instanceof Y.XmlElement ? (first.get(0) as Y.XmlText).toString() : '';
}

export async function untilServerText(server: TestServer, name: string, text: string): Promise<void> {
  await waitFor(
    () => serverText(server, name) === text,
    `server text "${text}" (have "${serverText(server, name)}")`,
  );
}

import { chapterFragment } from '@wethink/shared';
import * as Y from 'yjs';
import { connectDoc, type DocClient } from './doc-client';

const ALPHABET = 'etaoin shrdlu cmfwyp vbgkqj xz';

export interface RemoteTypists {
  /** Characters typed so far, by all of them. */
  readonly typed: number;
  stop(): void;
}

/** The `Y.XmlText` of the chapter's paragraph `index`. */
function paragraphText(doc: Y.Doc, index: number): Y.XmlText {
  const paragraph = chapterFragment(doc).get(index);
  const text = paragraph instanceof Y.XmlElement ? paragraph.get(0) : null;
  if (!(text instanceof Y.XmlText)) throw new RangeError(`paragraph ${index} holds no text`);
  return text;
}

/**
 * Co-authors in this process, each typing at the end of their own paragraph at `charsPerSecond`,
 * one character per transaction, and moving their caret in awareness after each one as
 * y-prosemirror's cursor plugin does (a relative position in the paragraph's text).
 */
export async function startRemoteTypists(options: {
  syncUrl: string;
  docName: string;
  tokens: readonly string[];
  paragraphs: readonly number[];
  charsPerSecond: number;
}): Promise<RemoteTypists> {
  const clients: DocClient[] = options.tokens.map((token) =>
    connectDoc(options.syncUrl, options.docName, token),
  );
  await Promise.all(clients.map((client) => client.synced));
  let typed = 0;
  const timers = clients.map((client, i) => {
    const paragraph = options.paragraphs[i % options.paragraphs.length] ?? 0;
    // Staggered, so the typists do not all send in the same millisecond.
    const periodMs = 1000 / options.charsPerSecond;
    return setInterval(
      () => {
        const text = paragraphText(client.doc, paragraph);
        client.doc.transact(() => text.insert(text.length, ALPHABET[typed % ALPHABET.length] ?? 'x'));
        typed += 1;
        const caret = Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, text.length));
        client.provider.awareness.setLocalStateField('cursor', { anchor: caret, head: caret });
      },
      periodMs + i * 7,
    );
  });
  return {
    get typed() {
      return typed;
    },
    stop: () => {
      for (const timer of timers) clearInterval(timer);
      for (const client of clients) client.destroy();
    },
  };
}

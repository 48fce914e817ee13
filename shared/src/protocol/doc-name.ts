/**
 * Document names come from the URL path, so they follow a fixed grammar checked before any room
 * exists: 1 to 4 segments of `[A-Za-z0-9_-]`, each 1-64 characters, 200 characters in all. No dots,
 * so no traversal; no percent-encoding, so one name has exactly one spelling.
 */
export type DocName = string & { readonly __brand: 'DocName' };

export const MAX_DOC_NAME_LENGTH = 200;
const docNamePattern = /^[A-Za-z0-9_-]{1,64}(?:\/[A-Za-z0-9_-]{1,64}){0,3}$/;

export function isDocName(value: string): value is DocName {
  return value.length <= MAX_DOC_NAME_LENGTH && docNamePattern.test(value);
}

/**
 * The WebSocket path prefix for documents. y-websocket appends `/<room>` to the server URL, so a
 * provider built with `ws://host/sync` and room `book/chapter` connects to `/sync/book/chapter`.
 */
export const SYNC_PATH_PREFIX = '/sync/';

/** Extracts the document name from a request URL's path, or null when it breaks the grammar. */
export function docNameFromPath(pathname: string): DocName | null {
  const name = pathname.startsWith(SYNC_PATH_PREFIX)
    ? pathname.slice(SYNC_PATH_PREFIX.length)
    : pathname.slice(1);
  return isDocName(name) ? name : null;
}

/** The last segment of a chapter's comments document: `<book>/<chapter>/comments`. */
export const COMMENTS_DOC_SUFFIX = 'comments';

/**
 * What a document is, by the shape of its name: `<book>` is the book's chapter list, `<book>/<chapter>`
 * a chapter, `<book>/<chapter>/comments` that chapter's comments. Anything deeper is `other`.
 */
export type DocKind = 'book' | 'chapter' | 'comments' | 'other';

export function docKindOf(name: DocName): DocKind {
  const segments = name.split('/');
  if (segments.length === 1) return 'book';
  if (segments.length === 2) return 'chapter';
  if (segments.length === 3 && segments[2] === COMMENTS_DOC_SUFFIX) return 'comments';
  return 'other';
}

/** The comments document of a chapter document. */
export function commentsDocOf(chapter: DocName): DocName {
  return `${chapter}/${COMMENTS_DOC_SUFFIX}` as DocName;
}

/** The app's URLs. Ids follow the document-name segment grammar, so a route maps to doc names. */
export type Route =
  | { kind: 'home' }
  | { kind: 'book'; bookId: string }
  | { kind: 'chapter'; bookId: string; chapterId: string }
  | { kind: 'unknown'; path: string };

const segment = '([A-Za-z0-9_-]{1,64})';
const bookPattern = new RegExp(`^/books/${segment}/?$`);
const chapterPattern = new RegExp(`^/books/${segment}/chapters/${segment}/?$`);

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '/index.html') return { kind: 'home' };
  const chapter = chapterPattern.exec(pathname);
  if (chapter?.[1] !== undefined && chapter[2] !== undefined) {
    return { kind: 'chapter', bookId: chapter[1], chapterId: chapter[2] };
  }
  const book = bookPattern.exec(pathname);
  if (book?.[1] !== undefined) return { kind: 'book', bookId: book[1] };
  return { kind: 'unknown', path: pathname };
}

export function bookPath(bookId: string): string {
  return `/books/${bookId}`;
}

export function chapterPath(bookId: string, chapterId: string): string {
  return `/books/${bookId}/chapters/${chapterId}`;
}

/** The y-websocket / IndexedDB document names of a book's index and of one chapter. */
export function bookDocName(bookId: string): string {
  return bookId;
}

export function chapterDocName(bookId: string, chapterId: string): string {
  return `${bookId}/${chapterId}`;
}

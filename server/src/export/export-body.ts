/**
 * An export as it is written: chunks of the file in order, produced only as the consumer asks for
 * them (an HTTP response, a file), so a book's images are read one at a time and never all held.
 * An error thrown while iterating means the file is incomplete: the consumer must not pass what
 * it got so far off as the whole file (the HTTP route destroys the response, the CLI deletes its
 * partial file).
 */
export type ExportBody = AsyncIterable<Uint8Array>;

const encoder = new TextEncoder();

/** Text pieces and bytes as one body; strings are UTF-8 encoded one piece at a time. */
export async function* bodyOf(
  pieces: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
): ExportBody {
  for await (const piece of pieces) {
    const bytes = typeof piece === 'string' ? encoder.encode(piece) : piece;
    if (bytes.byteLength > 0) yield bytes;
  }
}

/** The whole body in memory: for tests and small files only (that is what streaming avoids). */
export async function collectBody(body: ExportBody): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    length += chunk.byteLength;
  }
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

import { promisify } from 'node:util';
import zlib from 'node:zlib';

const brotliCompress = promisify(zlib.brotliCompress);
const brotliDecompress = promisify(zlib.brotliDecompress);

/** First byte of a stored version state: how the rest is encoded, so the format can evolve. */
const Format = { v2Brotli: 1 } as const;
const LARGE_STATE_BYTES = 1024 * 1024;

/**
 * A version's state: the whole document as a Yjs V2 update (columnar, so runs of one client
 * compress well), brotli-compressed on the thread pool. Viewable alone, without any other version.
 */
export async function encodeVersionState(update: Uint8Array): Promise<Uint8Array> {
  const compressed = await brotliCompress(update, {
    params: {
      // Quality 9 is ~40% smaller than deflate on chapters; a huge document gets a cheaper pass.
      [zlib.constants.BROTLI_PARAM_QUALITY]: update.byteLength > LARGE_STATE_BYTES ? 4 : 9,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: update.byteLength,
    },
  });
  const bytes = new Uint8Array(compressed.byteLength + 1);
  bytes[0] = Format.v2Brotli;
  bytes.set(compressed, 1);
  return bytes;
}

/** The V2 update a version stores; throws on a format this server does not know. */
export async function decodeVersionState(bytes: Uint8Array): Promise<Uint8Array> {
  if (bytes[0] !== Format.v2Brotli) throw new RangeError(`unknown version state format ${bytes[0]}`);
  return new Uint8Array(await brotliDecompress(bytes.subarray(1)));
}

import { promisify } from 'node:util';
import zlib from 'node:zlib';
import pLimit from 'p-limit';

const brotliCompress = promisify(zlib.brotliCompress);
const brotliDecompress = promisify(zlib.brotliDecompress);

/** First byte of a stored version state: how the rest is encoded, so the format can evolve. */
const Format = { v2Brotli: 1 } as const;
/**
 * Brotli quality for version states, measured on the automerge-paper trace's V2 state at 3,000,
 * 30,000 and all 259,778 edits (2.7, 27 and 160 KB): quality 6 takes 0.15 / 0.66 / 4.8 ms and
 * gives 1,713 / 11,659 / 65,455 bytes; quality 9 took 24 / 85 / 140 ms for 1,738 / 11,566 /
 * 64,786 (its large window's set-up dominates small states); deflate 1,787 / 12,485 / 68,889.
 */
const QUALITY = 6;
/**
 * Versions compressed at once, server-wide. Each call builds its brotli encoder as soon as it is
 * made, whatever the thread pool's queue: when a thousand chapters' writers leave together (a
 * restart, the end of a class) a thousand encoders would exist at once (1,000 12 KB states:
 * RSS +50 MiB at the peak and most of it still resident after, against +15 with two at a time,
 * which is also faster). Two leave the pool's other threads to frames and files.
 */
const compressing = pLimit(2);

/**
 * A version's state: the whole document as a Yjs V2 update (columnar, so runs of one client
 * compress well), brotli-compressed on the thread pool. Viewable alone, without any other version.
 */
export async function encodeVersionState(update: Uint8Array): Promise<Uint8Array> {
  const compressed = await compressing(() =>
    brotliCompress(update, {
      params: {
        [zlib.constants.BROTLI_PARAM_QUALITY]: QUALITY,
        [zlib.constants.BROTLI_PARAM_SIZE_HINT]: update.byteLength,
      },
    }),
  );
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

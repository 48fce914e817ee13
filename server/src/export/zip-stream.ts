import { Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { ExportBody } from './export-body';

/**
 * Every entry's time: fixed, so two exports of the same text are byte-identical (zip stores local
 * DOS times from 1980 on; the export's real time is in the files that carry one, like the OPF).
 */
const ENTRY_TIME = new Date(2000, 0, 1, 0, 0, 0);
/** Data is pushed to the compressor in slices of this size, and what it gives back sent on. */
const SLICE_BYTES = 256 * 1024;

export interface ZipEntry {
  path: string;
  data: Uint8Array | string;
  /** Stored without compression (EPUB's `mimetype` must be). */
  isStored?: boolean;
  /**
   * Already compressed (PNG, JPEG, GIF, WebP): deflate would spend seconds per 100 MiB to save
   * nothing, so the data goes in deflate's uncompressed blocks (level 0): a plain copy that every
   * zip reader takes, streaming ones included (a stored entry behind a data descriptor is not).
   */
  isCompressed?: boolean;
}

/**
 * A zip of the entries in the order given (EPUB needs `mimetype` first), deflated unless stored,
 * written as the entries arrive: `entries` may be a generator that reads each image only when its
 * turn comes, so at most one entry's data is held at a time. fflate's streaming `Zip` writes each
 * entry's sizes and CRC in a data descriptor after its data (the central directory has them too).
 */
export async function* zipStream(entries: AsyncIterable<ZipEntry> | Iterable<ZipEntry>): ExportBody {
  const pending: Uint8Array[] = [];
  let failure: Error | null = null;
  const zip = new Zip((error, chunk) => {
    if (error) failure ??= error;
    else pending.push(chunk);
  });
  const written = function* (): Generator<Uint8Array> {
    if (failure) throw failure;
    while (pending.length > 0) yield pending.shift()!;
  };
  const paths = new Set<string>();
  try {
    for await (const entry of entries) {
      if (paths.has(entry.path)) throw new RangeError(`duplicate zip entry ${entry.path}`);
      paths.add(entry.path);
      const file: ZipPassThrough | ZipDeflate = entry.isStored
        ? new ZipPassThrough(entry.path)
        : new ZipDeflate(entry.path, { level: entry.isCompressed ? 0 : 6 });
      file.mtime = ENTRY_TIME;
      zip.add(file);
      const data = typeof entry.data === 'string' ? new TextEncoder().encode(entry.data) : entry.data;
      let offset = 0;
      do {
        const slice = data.subarray(offset, offset + SLICE_BYTES);
        offset += slice.byteLength;
        file.push(slice, offset >= data.byteLength);
        yield* written();
      } while (offset < data.byteLength);
    }
    zip.end();
    yield* written();
  } finally {
    // An abandoned export (the client went away, a read failed) ends here too.
    zip.terminate();
  }
}

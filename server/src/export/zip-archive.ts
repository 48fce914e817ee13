import { zipSync, type Zippable } from 'fflate';

/**
 * Every entry's time: fixed, so two exports of the same text are byte-identical (zip stores local
 * DOS times from 1980 on; the export's real time is in the files that carry one, like the OPF).
 */
const ENTRY_TIME = new Date(2000, 0, 1, 0, 0, 0);

export interface ZipEntry {
  path: string;
  data: Uint8Array | string;
  /** Stored without compression (EPUB's `mimetype` must be). */
  isStored?: boolean;
}

/** A zip of the entries in the order given (EPUB needs `mimetype` first), deflated unless stored. */
export function zipArchive(entries: readonly ZipEntry[]): Uint8Array {
  const files: Zippable = {};
  for (const entry of entries) {
    if (entry.path in files) throw new RangeError(`duplicate zip entry ${entry.path}`);
    const data = typeof entry.data === 'string' ? new TextEncoder().encode(entry.data) : entry.data;
    files[entry.path] = [data, { level: entry.isStored ? 0 : 6, mtime: ENTRY_TIME }];
  }
  return zipSync(files, { mtime: ENTRY_TIME });
}

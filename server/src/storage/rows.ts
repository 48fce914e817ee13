import type { DocName } from '@wethink/shared';
import type { ContributionRow, StoredVersion, VersionKind, VersionMeta } from './document-store';

/** A row as libsql or node-postgres returns it. */
export type Row = Record<string, unknown>;

/** A view of `bytes` as a Buffer (no copy), the BLOB parameter libsql takes. */
export const blob = (bytes: Uint8Array): Buffer =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * A BLOB or BYTEA column as a Uint8Array view: libsql returns ArrayBuffer or Buffer depending on
 * its version, node-postgres a Buffer.
 */
export function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  throw new TypeError(`expected a BLOB, got ${typeof value}`);
}

export function versionMeta(row: Row): VersionMeta {
  return {
    id: Number(row.id),
    doc: String(row.doc) as DocName,
    kind: String(row.kind) as VersionKind,
    name: row.name === null ? null : String(row.name),
    createdAt: Number(row.created_at),
    createdBy: row.created_by === null ? null : String(row.created_by),
    baseId: row.base_id === null ? null : Number(row.base_id),
    depth: Number(row.depth),
    stateBytes: Number(row.state_bytes),
  };
}

export function storedVersion(row: Row): StoredVersion {
  return { ...versionMeta(row), state: toBytes(row.state), snapshot: toBytes(row.snapshot) };
}

export function contributionRow(row: Row): ContributionRow {
  return {
    doc: String(row.doc) as DocName,
    userId: String(row.user_id),
    minuteMs: Number(row.minute_ms),
    charsInserted: Number(row.chars_inserted),
    charsDeleted: Number(row.chars_deleted),
    wordsAdded: Number(row.words_added),
    wordsRemoved: Number(row.words_removed),
  };
}

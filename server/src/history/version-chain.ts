import * as Y from 'yjs';
import type { DocName } from '@wethink/shared';
import type { DocumentStore, StoredVersion } from '../storage/document-store';
import { decodeVersionState, encodeVersionState } from './version-codec';

/**
 * Versions form chains: a full state every `MAX_CHAIN_DEPTH + 1` versions and, between, only
 * what changed since the version before (new structs plus the delete set, as Yjs' diffUpdate
 * writes them). Reading a version merges at most that many pieces; storing one costs about what
 * was typed since the last one.
 */
export const MAX_CHAIN_DEPTH = 31;

/** The newest version of a chapter, as the next version needs it. */
export interface ChainTip {
  id: number;
  depth: number;
  snapshot: Y.Snapshot;
}

/** What to store for a version of `update` (a whole document, V2) following `tip`. */
export async function encodeVersion(
  update: Uint8Array,
  tip: ChainTip | null,
): Promise<{ state: Uint8Array; baseId: number | null; depth: number }> {
  if (tip && tip.depth < MAX_CHAIN_DEPTH) {
    const delta = Y.diffUpdateV2(update, Y.encodeStateVector(tip.snapshot.sv));
    return { state: await encodeVersionState(delta), baseId: tip.id, depth: tip.depth + 1 };
  }
  return { state: await encodeVersionState(update), baseId: null, depth: 0 };
}

/** A version's whole document as a V2 update, or null when the chapter has no such version. */
export async function loadVersionUpdate(
  store: DocumentStore,
  name: DocName,
  id: number,
): Promise<{ version: StoredVersion; update: Uint8Array } | null> {
  const version = await store.loadVersion(name, id);
  if (!version) return null;
  const chain = [version];
  for (let link = version; link.baseId !== null;) {
    const base = await store.loadVersion(name, link.baseId);
    if (!base) throw new Error(`version ${link.id} of ${name} refers to missing version ${link.baseId}`);
    chain.unshift(base);
    link = base;
  }
  const updates = await Promise.all(chain.map((link) => decodeVersionState(link.state)));
  return { version, update: updates.length === 1 ? updates[0]! : Y.mergeUpdatesV2(updates) };
}

import * as Y from 'yjs';

/**
 * Whether applying `update` would change `doc`: a struct it does not have yet, or a delete of
 * something not deleted yet. A client's sync step 2 always carries its whole delete set, so a
 * read-only member reconnecting with nothing new sends a non-empty update that changes nothing;
 * only one that would change something is a refused write worth telling them about.
 * Throws whatever `Y.decodeUpdate` throws for bytes that do not decode.
 */
export function wouldChange(doc: Y.Doc, update: Uint8Array): boolean {
  const { structs, ds } = Y.decodeUpdate(update);
  for (const struct of structs) {
    if (struct instanceof Y.Skip) continue;
    if (struct.id.clock + struct.length > Y.getState(doc.store, struct.id.client)) return true;
  }
  if (ds.clients.size === 0) return false;
  const deleted = Y.createDeleteSetFromStructStore(doc.store);
  for (const [client, ranges] of ds.clients) {
    const have = deleted.clients.get(client) ?? [];
    for (const range of ranges) if (!isCovered(have, range.clock, range.clock + range.len)) return true;
  }
  return false;
}

/** Whether `[from, to)` lies within the sorted, merged ranges `have`. */
function isCovered(have: readonly { clock: number; len: number }[], from: number, to: number): boolean {
  let low = 0;
  let high = have.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const range = have[mid]!;
    if (range.clock + range.len <= from) low = mid + 1;
    else if (range.clock > from) high = mid - 1;
    else return to <= range.clock + range.len;
  }
  return false;
}

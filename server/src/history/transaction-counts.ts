import * as Y from 'yjs';
import type { IdRange } from './id-ranges';
import { countWordStarts } from './words';

/** What one transaction on a room's document did to its text. */
export interface TransactionCounts {
  charsInserted: number;
  charsDeleted: number;
  wordsAdded: number;
  wordsRemoved: number;
  /** The ids this transaction deleted (not ids that were already deleted). */
  deleted: IdRange[];
  /** Whether the transaction inserted or deleted anything at all (text or structure). */
  hasChanges: boolean;
}

/** The last visible character left of `item` (undefined at a block boundary or the start). */
function charLeftOf(item: Y.Item, isVisible: (item: Y.Item) => boolean): string | undefined {
  for (let left = item.left; left !== null; left = left.left) {
    if (!isVisible(left)) continue;
    if (left.content instanceof Y.ContentString) return left.content.str.at(-1);
    // Formatting marks are invisible; anything else visible (an embed) separates words.
    if (!(left.content instanceof Y.ContentFormat)) return undefined;
  }
  return undefined;
}

/**
 * Counts a transaction from what Yjs already computed: the structs between the before and after
 * state vectors (inserted) and the transaction's delete set (newly deleted). Must run before Yjs
 * garbage-collects deleted content, i.e. in `afterTransaction`. Cost is linear in the structs the
 * transaction touched, not in the document.
 */
export function countTransaction(tr: Y.Transaction): TransactionCounts {
  const counts: TransactionCounts = {
    charsInserted: 0,
    charsDeleted: 0,
    wordsAdded: 0,
    wordsRemoved: 0,
    deleted: [],
    hasChanges: false,
  };
  const store = tr.doc.store;
  const isVisibleAfter = (item: Y.Item): boolean => !item.deleted;
  for (const [client, after] of tr.afterState) {
    const before = tr.beforeState.get(client) ?? 0;
    if (after <= before) continue;
    counts.hasChanges = true;
    const structs = store.clients.get(client)!;
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      const struct = structs[i]!;
      if (struct.id.clock >= after) break;
      if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentString)) continue;
      const text = struct.content.str.slice(Math.max(0, before - struct.id.clock));
      counts.charsInserted += text.length;
      counts.wordsAdded += countWordStarts(text, charLeftOf(struct, isVisibleAfter));
    }
  }
  const isVisibleBefore = (item: Y.Item): boolean =>
    item.id.clock < (tr.beforeState.get(item.id.client) ?? 0) &&
    (!item.deleted || Y.isDeleted(tr.deleteSet, item.id));
  for (const [client, ranges] of tr.deleteSet.clients) {
    const structs = store.clients.get(client);
    if (!structs) continue;
    for (const range of ranges) {
      counts.hasChanges = true;
      counts.deleted.push({ client, clock: range.clock, len: range.len });
      const end = range.clock + range.len;
      for (let i = Y.findIndexSS(structs, range.clock); i < structs.length; i++) {
        const struct = structs[i]!;
        if (struct.id.clock >= end) break;
        if (!(struct instanceof Y.Item) || !(struct.content instanceof Y.ContentString)) continue;
        const from = Math.max(0, range.clock - struct.id.clock);
        const text = struct.content.str.slice(from, end - struct.id.clock);
        counts.charsDeleted += text.length;
        const before = from > 0 ? struct.content.str[from - 1] : charLeftOf(struct, isVisibleBefore);
        counts.wordsRemoved += countWordStarts(text, before);
      }
    }
  }
  return counts;
}

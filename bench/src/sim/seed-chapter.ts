import * as Y from 'yjs';
import { CHAPTER_TEXT_NAME, type SyncClient } from '../clients/sync-client';
import { waitFor } from '../wait';
import { createSeedUpdate } from './seed-text';

const seedCache = new Map<number, Uint8Array>();

/** The seed update for a chapter of about `chars` characters (built once per size). */
export function seedUpdate(chars: number): Uint8Array {
  let update = seedCache.get(chars);
  if (!update) {
    update = createSeedUpdate(chars, chars);
    seedCache.set(chars, update);
  }
  return update;
}

/** Length of the text the seed update of `chars` holds. */
export function seedTextLength(chars: number): number {
  const doc = new Y.Doc();
  Y.applyUpdate(doc, seedUpdate(chars));
  const length = doc.getText(CHAPTER_TEXT_NAME).length;
  doc.destroy();
  return length;
}

/**
 * Has the first client write a chapter of about `chars` characters and waits until every client
 * of the chapter holds it, so measurements start from a chapter with real content.
 */
export async function seedChapter(clients: readonly SyncClient[], chars: number): Promise<void> {
  const [writer] = clients;
  if (!writer) throw new RangeError('seedChapter needs at least one client');
  Y.applyUpdate(writer.doc, seedUpdate(chars));
  const length = writer.text.length;
  await waitFor(() => clients.every((client) => client.text.length === length), {
    timeoutMs: 15_000,
    description: `seeded chapter of ${length} chars did not reach all ${clients.length} clients`,
  });
}

import * as prng from 'lib0/prng';
import * as Y from 'yjs';
import { CHAPTER_TEXT_NAME } from '../clients/sync-client';

const WORDS = [
  'the',
  'chapter',
  'opens',
  'with',
  'rain',
  'and',
  'a',
  'letter',
  'nobody',
  'answered',
  'quietly',
];

/**
 * A Yjs update holding about `chars` characters of prose written the way an author writes: short
 * runs inserted at scattered places, with a few deletions, so the chapter has the item structure
 * of an edited text rather than one big insert. Deterministic for a seed.
 */
export function createSeedUpdate(chars: number, seed: number): Uint8Array {
  const gen = prng.create(seed);
  const doc = new Y.Doc();
  const text = doc.getText(CHAPTER_TEXT_NAME);
  while (text.length < chars) {
    const run = Array.from({ length: prng.int32(gen, 2, 5) }, () => prng.oneOf(gen, WORDS)).join(' ') + ' ';
    text.insert(prng.int32(gen, 0, text.length), run);
    if (prng.bool(gen) && text.length > 40) text.delete(prng.int32(gen, 0, text.length - 4), 3);
  }
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

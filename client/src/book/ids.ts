const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
/** Largest multiple of the alphabet size below 256: bytes above it are redrawn, so every letter is equally likely. */
const UNBIASED_LIMIT = 256 - (256 % ALPHABET.length);

export const ID_LENGTH = 12;

/**
 * A fresh book or chapter id: 12 letters and digits (71 bits), valid in a document name. The
 * random source is injected so tests can be deterministic; the app passes `crypto.getRandomValues`.
 */
export function createId(
  fillRandom: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array<ArrayBuffer>,
  length = ID_LENGTH,
): string {
  let id = '';
  while (id.length < length) {
    for (const byte of fillRandom(new Uint8Array(length * 2))) {
      if (byte < UNBIASED_LIMIT && id.length < length) id += ALPHABET[byte % ALPHABET.length];
    }
  }
  return id;
}

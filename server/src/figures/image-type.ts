import { AppError, type ImageType } from '@wethink/shared';

const startsWith = (bytes: Uint8Array, prefix: readonly number[], at = 0): boolean =>
  bytes.length >= at + prefix.length && prefix.every((byte, i) => bytes[at + i] === byte);

const ascii = (text: string): number[] => [...text].map((char) => char.charCodeAt(0));

/**
 * The image type of `bytes` from their signature (magic bytes): PNG, JPEG, GIF, WebP. Anything
 * else is refused with a message that says what it looked like: SVG is refused on purpose (it can
 * carry script, and sanitising it is a parser of its own), and so is a file whose name or stated
 * type says image but whose bytes do not.
 */
export function imageTypeOf(bytes: Uint8Array): ImageType {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'image/gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'image/webp';
  const head = new TextDecoder('utf-8', { fatal: false })
    .decode(bytes.subarray(0, 512))
    .trimStart()
    .toLowerCase();
  if (
    head.startsWith('<svg') ||
    (head.startsWith('<?xml') && head.includes('<svg')) ||
    head.includes('<svg')
  ) {
    throw new AppError(
      'invalid-request',
      'SVG images are not accepted (they can carry script): use PNG, JPEG, GIF or WebP',
    );
  }
  throw new AppError(
    'invalid-request',
    'not an image this server accepts: the file is not PNG, JPEG, GIF or WebP',
  );
}

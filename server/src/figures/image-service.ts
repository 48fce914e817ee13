import { createHash } from 'node:crypto';
import {
  AppError,
  MAX_IMAGE_BYTES,
  bookImageSrc,
  canWrite,
  type Role,
  type UploadedImage,
} from '@wethink/shared';
import type { BlobStore, StoredBlob } from '../storage/blob-store';
import { imageTypeOf } from './image-type';

const IMAGE_ID = /^[0-9a-f]{64}$/;

/**
 * Figures' images: owners and authors upload (checked by content, at most MAX_IMAGE_BYTES), any
 * member reads; non-members get 404 as for every book route. Stored in the blob store by hash.
 */
export class ImageService {
  constructor(
    private readonly deps: {
      blobs: BlobStore;
      /** The member's role; rejects with `not-found` for a non-member. */
      roleOf: (userId: string, bookId: string) => Promise<Role>;
      now: () => number;
    },
  ) {}

  async upload(userId: string, bookId: string, bytes: Uint8Array): Promise<UploadedImage> {
    const role = await this.deps.roleOf(userId, bookId);
    if (!canWrite(role)) throw new AppError('forbidden', `a ${role} cannot add images`);
    if (bytes.byteLength > MAX_IMAGE_BYTES) {
      throw new AppError(
        'payload-too-large',
        `an image is at most ${MAX_IMAGE_BYTES} bytes, got ${bytes.byteLength}`,
      );
    }
    if (bytes.byteLength === 0) throw new AppError('invalid-request', 'the image is empty');
    const contentType = imageTypeOf(bytes);
    const id = createHash('sha256').update(bytes).digest('hex');
    await this.deps.blobs.putBlob({ bookId, id, contentType, bytes, createdAt: this.deps.now() });
    return { id, src: bookImageSrc(bookId, id), contentType, bytes: bytes.byteLength };
  }

  async read(userId: string, bookId: string, id: string): Promise<StoredBlob> {
    await this.deps.roleOf(userId, bookId);
    const found = IMAGE_ID.test(id) ? await this.deps.blobs.getBlob(bookId, id) : null;
    if (found === null) throw new AppError('not-found', 'no such image');
    return found;
  }
}

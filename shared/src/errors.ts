import { CloseCode } from './protocol/close-codes';

/** Expected failures that cross a boundary. Each maps to exactly one close code and HTTP status. */
export const errorCloseCodes = {
  'malformed-message': CloseCode.malformedMessage,
  'invalid-request': CloseCode.malformedMessage,
  'not-found': CloseCode.documentNotFound,
  conflict: CloseCode.stateConflict,
  /** A comment's passage no longer exists in the chapter. */
  'anchor-gone': CloseCode.stateConflict,
  /** A reader wrote outside an open review round. */
  'round-closed': CloseCode.forbidden,
  'removed-from-book': CloseCode.forbidden,
  unauthenticated: CloseCode.unauthenticated,
  forbidden: CloseCode.forbidden,
  'forged-client-id': CloseCode.forbidden,
  'future-delete': CloseCode.forbidden,
  'read-only': CloseCode.forbidden,
  'document-not-found': CloseCode.documentNotFound,
  'auth-timeout': CloseCode.timeout,
  'slow-consumer': CloseCode.timeout,
  'clock-gap': CloseCode.stateConflict,
  'payload-too-large': CloseCode.payloadTooLarge,
  'protocol-mismatch': CloseCode.protocolMismatch,
  'rate-limited': CloseCode.rateLimited,
  'storage-unavailable': CloseCode.storageUnavailable,
  internal: CloseCode.internalError,
} as const satisfies Record<string, CloseCode>;
export type ErrorCode = keyof typeof errorCloseCodes;

export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  get closeCode(): CloseCode {
    return errorCloseCodes[this.code];
  }

  /** HTTP status for the same failure: the close code minus 4000. */
  get httpStatus(): number {
    return this.closeCode - 4000;
  }
}

/**
 * Every way the server closes a connection, defined once. Application codes are 4000 plus the
 * nearest HTTP status. `isRetryable` is what a client's reconnect loop asks: retryable closes come
 * back with backoff, the others are shown to the author.
 */
export const CloseCode = {
  normal: 1000,
  goingAway: 1001,
  /** Sent by `ws` itself when a frame exceeds the size limit (its `maxPayload`). */
  messageTooBig: 1009,
  /**
   * The member's role in the book changed while connected: reconnect to continue with the new
   * one (HTTP 205, "reset content"). Outside 4400-4499, so stock y-websocket clients reconnect too.
   */
  roleChanged: 4205,
  malformedMessage: 4400,
  unauthenticated: 4401,
  forbidden: 4403,
  documentNotFound: 4404,
  timeout: 4408,
  stateConflict: 4409,
  payloadTooLarge: 4413,
  protocolMismatch: 4426,
  rateLimited: 4429,
  internalError: 4500,
  storageUnavailable: 4503,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/** Human-readable meaning of each code; the server's close reason adds the specific detail. */
export const closeCodeMeaning: Record<CloseCode, string> = {
  [CloseCode.normal]: 'closed',
  [CloseCode.goingAway]: 'server shutting down',
  [CloseCode.messageTooBig]: 'message larger than the server accepts',
  [CloseCode.roleChanged]: 'your role in this book changed, reconnecting',
  [CloseCode.malformedMessage]: 'message could not be decoded',
  [CloseCode.unauthenticated]: 'not signed in or token invalid',
  [CloseCode.forbidden]: 'not allowed to make this change',
  [CloseCode.documentNotFound]: 'document not found',
  [CloseCode.timeout]: 'connection too slow',
  [CloseCode.stateConflict]: 'update depends on state the server does not have yet',
  [CloseCode.payloadTooLarge]: 'state larger than the server accepts',
  [CloseCode.protocolMismatch]: 'protocol version not supported',
  [CloseCode.rateLimited]: 'too many messages',
  [CloseCode.internalError]: 'internal server error',
  [CloseCode.storageUnavailable]: 'storage unavailable, try again',
};

const retryable: ReadonlySet<number> = new Set<number>([
  1001,
  1005, // no status: the socket just dropped
  1006, // abnormal closure: network loss
  CloseCode.roleChanged,
  CloseCode.timeout,
  CloseCode.stateConflict,
  CloseCode.rateLimited,
  CloseCode.internalError,
  CloseCode.storageUnavailable,
]);

export function isRetryable(code: number): boolean {
  return retryable.has(code);
}

import type { ApiErrorBody } from '@wethink/shared/client';

/**
 * Why an API call failed, as the app acts on it: `unreachable` means no answer at all (offline,
 * server down), everything else is the server's decision, from its HTTP status.
 */
export const ApiErrorKind = {
  invalid: 'invalid',
  unauthenticated: 'unauthenticated',
  forbidden: 'forbidden',
  notFound: 'not-found',
  conflict: 'conflict',
  rateLimited: 'rate-limited',
  server: 'server',
  unreachable: 'unreachable',
} as const;
export type ApiErrorKind = (typeof ApiErrorKind)[keyof typeof ApiErrorKind];

const kindByStatus: Readonly<Record<number, ApiErrorKind>> = {
  400: ApiErrorKind.invalid,
  401: ApiErrorKind.unauthenticated,
  403: ApiErrorKind.forbidden,
  404: ApiErrorKind.notFound,
  409: ApiErrorKind.conflict,
  429: ApiErrorKind.rateLimited,
};

/** A failed API call. `message` is fit to show: the server's own words, or ours when it gave none. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly kind: ApiErrorKind,
    /** HTTP status; 0 when the server never answered. */
    readonly status: number,
    /** The server's error code (`not-found`, `conflict`, …), or `kind` when it sent none. */
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const fallbackMessages: Record<ApiErrorKind, string> = {
  invalid: 'The request was not valid.',
  unauthenticated: 'You are not signed in.',
  forbidden: 'You are not allowed to do this.',
  'not-found': 'Not found.',
  conflict: 'This conflicts with the current state.',
  'rate-limited': 'Too many attempts. Wait a minute and try again.',
  server: 'The server had a problem. Try again in a moment.',
  unreachable: 'The server cannot be reached. Check your connection and try again.',
};

function isErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const error = (value as { error?: unknown }).error;
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { message?: unknown }).message === 'string'
  );
}

function sentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return trimmed;
  const capital = trimmed[0]!.toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** The error for a non-2xx answer; `body` is the parsed JSON, or null when it was not JSON. */
export function apiErrorFromResponse(status: number, body: unknown): ApiError {
  const kind = kindByStatus[status] ?? (status >= 500 ? ApiErrorKind.server : ApiErrorKind.invalid);
  // A rate limit gets our wording: it says what to do, the server's says what happened.
  if (kind === ApiErrorKind.rateLimited || !isErrorBody(body)) {
    const code = isErrorBody(body) ? body.error.code : kind;
    return new ApiError(kind, status, code, fallbackMessages[kind]);
  }
  return new ApiError(kind, status, body.error.code, sentence(body.error.message) || fallbackMessages[kind]);
}

/** The error for a request that got no answer (fetch rejected). */
export function unreachableError(cause: unknown): ApiError {
  return new ApiError(ApiErrorKind.unreachable, 0, ApiErrorKind.unreachable, fallbackMessages.unreachable, {
    cause,
  });
}

/** What to show for any failure of an API call. */
export function errorMessage(error: unknown): string {
  return error instanceof ApiError ? error.message : fallbackMessages.server;
}

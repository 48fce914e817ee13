import { AppError } from '@wethink/shared';

/** Socket-level failures: the database is not there (yet, or any more). */
const networkCodes: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * SQLSTATEs that say "this server cannot serve you now", not "your statement is wrong": class 08
 * (connection exception), shutdown in progress (57P01-57P03) and too many connections (53300).
 */
const unavailableStates: ReadonlySet<string> = new Set(['57P01', '57P02', '57P03', '53300']);

/**
 * node-postgres reports a dropped or refused connection as a plain Error without a code; these are
 * its messages (pg 8: client.js, pg-pool's connect timeout).
 */
const unavailableMessages = [
  /^Connection terminated/,
  /timeout exceeded when trying to connect/,
  /Client has encountered a connection error and is not queryable/,
  /Client was closed and is not queryable/,
];

/** Whether `error` means the database could not be reached, as opposed to a failing statement. */
export function isUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof AppError) return error.code === 'storage-unavailable';
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (networkCodes.has(code) || unavailableStates.has(code) || code.startsWith('08')) return true;
  }
  if (error instanceof AggregateError) return error.errors.some(isUnavailable);
  return unavailableMessages.some((pattern) => pattern.test(error.message));
}

/**
 * SQLSTATEs for a value PostgreSQL's text cannot hold: a NUL character ("invalid byte sequence for
 * encoding UTF8: 0x00", 22021) or one the database encoding lacks (22P05). SQLite stores such text,
 * so only a PostgreSQL server met it: a request id of `%00` answered 500 (found by the API fuzz test).
 */
const unstorableTextStates: ReadonlySet<string> = new Set(['22021', '22P05']);

/**
 * An unreachable database becomes `AppError('storage-unavailable')` (HTTP 503, close code 4503,
 * retryable); text the database cannot store becomes `AppError('invalid-request')` (400: it came
 * from the request); every other error passes through unchanged, since it is a bug or a constraint
 * the caller handles.
 */
export function toStorageError(error: unknown): unknown {
  if (error instanceof AppError) return error;
  const code = error instanceof Error ? (error as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && unstorableTextStates.has(code)) {
    return new AppError(
      'invalid-request',
      'the request holds text the database cannot store (a NUL character)',
      {
        cause: error,
      },
    );
  }
  if (!isUnavailable(error)) return error;
  return new AppError('storage-unavailable', 'database unavailable', { cause: error });
}

import { AppError } from '@wethink/shared';
import { describe, expect, it } from 'vitest';
import { isUnavailable, toStorageError } from '../../../src/storage/postgres/postgres-errors';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('isUnavailable', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a reset connection', withCode('ECONNRESET')],
    ['an admin shutdown', withCode('57P01', 'terminating connection due to administrator command')],
    ['a connection failure SQLSTATE', withCode('08006')],
    ['too many connections', withCode('53300')],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['a connect timeout', new Error('timeout exceeded when trying to connect')],
    ['every address refused', new AggregateError([withCode('ECONNREFUSED'), withCode('ECONNREFUSED')])],
  ])('says yes to %s', (_what, error) => {
    expect(isUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', withCode('23505')],
    ['a syntax error', withCode('42601')],
    ['a serialization failure', withCode('40001')],
    ['a plain bug', new TypeError('x is undefined')],
    ['a non-error', 'ECONNREFUSED'],
  ])('says no to %s', (_what, error) => {
    expect(isUnavailable(error)).toBe(false);
  });
});

describe('toStorageError', () => {
  it('wraps an unreachable database as storage-unavailable, keeping the cause', () => {
    const cause = withCode('ECONNREFUSED');
    const mapped = toStorageError(cause);
    expect(mapped).toBeInstanceOf(AppError);
    expect(mapped).toMatchObject({ code: 'storage-unavailable', httpStatus: 503, closeCode: 4503, cause });
  });

  it('answers text the database cannot store (a NUL character) as the request’s fault, keeping the cause', () => {
    for (const state of ['22021', '22P05']) {
      const cause = withCode(state, 'invalid byte sequence for encoding "UTF8": 0x00');
      expect(toStorageError(cause)).toMatchObject({ code: 'invalid-request', httpStatus: 400, cause });
    }
  });

  it('passes every other error through as it is', () => {
    const violation = withCode('23505');
    expect(toStorageError(violation)).toBe(violation);
    const conflict = new AppError('conflict', 'taken');
    expect(toStorageError(conflict)).toBe(conflict);
  });
});

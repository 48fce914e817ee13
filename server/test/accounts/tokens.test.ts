import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError, Role } from '@wethink/shared';
import { ConnectionTokens } from '../../src/accounts/tokens';

const secret = new TextEncoder().encode('a test secret of reasonable length, 48 bytes...');
const grant = { userId: 'u1', bookId: 'b1', role: Role.author };

/** A token signed with the right secret but with claims of the test's choosing. */
function signed(header: object, payload: object): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const input = `${part(header)}.${part(payload)}`;
  return `${input}.${crypto.createHmac('sha256', secret).update(input).digest('base64url')}`;
}

function refusal(tokens: ConnectionTokens, token: string): string {
  try {
    tokens.verify(token);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('unauthenticated');
    return (error as AppError).message;
  }
  throw new Error('token was accepted');
}

describe('ConnectionTokens', () => {
  const tokens = new ConnectionTokens(secret);
  const now = Math.floor(Date.now() / 1000);
  const claims = { sub: 'u1', book: 'b1', role: 'author', aud: 'wethink-sync', iat: now, exp: now + 60 };

  it('verifies what it minted', () => {
    expect(tokens.verify(tokens.mint(grant, 60).token)).toEqual(grant);
    expect(tokens.verify(signed({ alg: 'HS256', typ: 'JWT' }, claims))).toEqual(grant);
  });

  it('refuses expired, foreign, unsigned and incomplete tokens', () => {
    expect(refusal(tokens, tokens.mint(grant, 60, Date.now() - 3_600_000).token)).toBe('token expired');
    expect(refusal(new ConnectionTokens(crypto.randomBytes(32)), tokens.mint(grant, 60).token)).toBe(
      'token invalid',
    );
    const unsigned = signed({ alg: 'none' }, claims).split('.').slice(0, 2).join('.') + '.';
    expect(refusal(tokens, unsigned)).toBe('token invalid');
    expect(refusal(tokens, signed({ alg: 'HS256' }, { ...claims, aud: 'elsewhere' }))).toBe('token invalid');
    const { exp: _exp, ...forever } = claims;
    expect(refusal(tokens, signed({ alg: 'HS256' }, forever))).toBe('token invalid');
    expect(refusal(tokens, signed({ alg: 'HS256' }, { ...claims, role: 'admin' }))).toBe(
      'token lacks user, book or role',
    );
    expect(refusal(tokens, 'not.a.token')).toBe('token invalid');
  });
});

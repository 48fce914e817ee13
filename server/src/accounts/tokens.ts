import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { TokenError, createSigner, createVerifier } from 'fast-jwt';
import { AppError, roles, type Role } from '@wethink/shared';

/** A random, URL-safe secret (sessions, invite codes, ids). */
export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

export function sha256(value: string): string {
  return crypto.createHash('sha256').update(value).digest('base64url');
}

/** What a connection token grants: one user, one book, at most one role, until it expires. */
export interface ConnectionGrant {
  userId: string;
  bookId: string;
  role: Role;
}

const audience = 'wethink-sync';

/**
 * Signs and checks short-lived WebSocket connection tokens (JWT, HS256). Synchronous on purpose:
 * every upgrade verifies one, and node:crypto's HMAC costs a few microseconds where a webcrypto job
 * (jose) cost ~140 µs of a connection storm's CPU per client. No verified-token cache: each
 * browser brings its own token, so a cache would only flatter benchmarks that reuse one.
 */
export class ConnectionTokens {
  private readonly sign: (payload: Record<string, unknown>) => string;
  private readonly check: (token: string) => Record<string, unknown>;

  constructor(secret: Uint8Array) {
    const key = Buffer.from(secret);
    this.sign = createSigner({ key, algorithm: 'HS256' });
    this.check = createVerifier({
      key,
      algorithms: ['HS256'],
      allowedAud: audience,
      requiredClaims: ['exp', 'sub', 'aud'],
    });
  }

  /** The secret from `AUTH_SECRET`, else one kept in `<dataDir>/auth-secret` so tokens outlive restarts. */
  static fromEnvironment(options: { secret?: string; dataDir: string | null }): ConnectionTokens {
    if (options.secret) return new ConnectionTokens(new TextEncoder().encode(options.secret));
    if (!options.dataDir) return new ConnectionTokens(crypto.randomBytes(32));
    const file = path.join(options.dataDir, 'auth-secret');
    fs.mkdirSync(options.dataDir, { recursive: true });
    try {
      fs.writeFileSync(file, randomToken(48), { flag: 'wx', mode: 0o600 });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    return new ConnectionTokens(new TextEncoder().encode(fs.readFileSync(file, 'utf8').trim()));
  }

  mint(
    grant: ConnectionGrant,
    lifetimeSeconds: number,
    now = Date.now(),
  ): { token: string; expiresAt: Date } {
    const expiresAt = new Date(now + lifetimeSeconds * 1000);
    const token = this.sign({
      sub: grant.userId,
      aud: audience,
      book: grant.bookId,
      role: grant.role,
      iat: Math.floor(now / 1000),
      exp: Math.floor(expiresAt.getTime() / 1000),
    });
    return { token, expiresAt };
  }

  /** Throws AppError('unauthenticated') for a bad, tampered or expired token. */
  verify(token: string): ConnectionGrant {
    let payload: Record<string, unknown>;
    try {
      payload = this.check(token);
    } catch (error) {
      const expired = error instanceof TokenError && error.code === TokenError.codes.expired;
      throw new AppError('unauthenticated', expired ? 'token expired' : 'token invalid', { cause: error });
    }
    const role = payload.role as Role;
    if (typeof payload.sub !== 'string' || typeof payload.book !== 'string' || !roles.includes(role)) {
      throw new AppError('unauthenticated', 'token lacks user, book or role');
    }
    return { userId: payload.sub, bookId: payload.book, role };
  }
}

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SignJWT, errors as joseErrors, jwtVerify } from 'jose';
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

/** Signs and checks short-lived WebSocket connection tokens (JWT, HS256). */
export class ConnectionTokens {
  /** The secret imported once: jose would import a raw secret again on every sign and verify. */
  private readonly key: Promise<crypto.webcrypto.CryptoKey>;

  constructor(secret: Uint8Array) {
    this.key = crypto.webcrypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
      'verify',
    ]);
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

  async mint(
    grant: ConnectionGrant,
    lifetimeSeconds: number,
    now = Date.now(),
  ): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = new Date(now + lifetimeSeconds * 1000);
    const token = await new SignJWT({ book: grant.bookId, role: grant.role })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(grant.userId)
      .setAudience(audience)
      .setIssuedAt(Math.floor(now / 1000))
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(await this.key);
    return { token, expiresAt };
  }

  /** Throws AppError('unauthenticated') for a bad, tampered or expired token. */
  async verify(token: string): Promise<ConnectionGrant> {
    try {
      const { payload } = await jwtVerify(token, await this.key, { audience, algorithms: ['HS256'] });
      const role = payload.role as Role;
      if (typeof payload.sub !== 'string' || typeof payload.book !== 'string' || !roles.includes(role)) {
        throw new AppError('unauthenticated', 'token lacks user, book or role');
      }
      return { userId: payload.sub, bookId: payload.book, role };
    } catch (error) {
      if (error instanceof AppError) throw error;
      const detail = error instanceof joseErrors.JWTExpired ? 'token expired' : 'token invalid';
      throw new AppError('unauthenticated', detail, { cause: error });
    }
  }
}

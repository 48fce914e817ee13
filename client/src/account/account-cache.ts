import type { Role, UserView } from '@wethink/shared/client';
import { isRole } from './capabilities';

/** The part of `localStorage` the app uses; tests pass a Map-backed fake. */
export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Who was signed in on this device, and their books' roles, for opening books while offline. */
export interface CachedAccount {
  user: Pick<UserView, 'id' | 'name' | 'color' | 'email'>;
  /** Last role the server told us, by book id. */
  roles: Record<string, Role>;
}

const STORAGE_KEY = 'wethink:account';
const colorPattern = /^#[0-9a-fA-F]{6}$/;
const idPattern = /^[A-Za-z0-9_-]{1,64}$/;

function parse(raw: string): CachedAccount | null {
  const parsed = JSON.parse(raw) as unknown;
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { user, roles } = parsed as Partial<Record<keyof CachedAccount, unknown>>;
  if (typeof user !== 'object' || user === null) return null;
  const { id, name, color, email } = user as Record<string, unknown>;
  if (typeof id !== 'string' || typeof name !== 'string' || typeof email !== 'string') return null;
  if (typeof color !== 'string' || !colorPattern.test(color)) return null;
  const cleanRoles: Record<string, Role> = {};
  if (typeof roles === 'object' && roles !== null) {
    for (const [bookId, role] of Object.entries(roles)) {
      if (idPattern.test(bookId) && isRole(role)) cleanRoles[bookId] = role;
    }
  }
  return { user: { id, name, color, email }, roles: cleanRoles };
}

/**
 * The signed-in account as last confirmed by the server. Only a convenience for offline use: the
 * server decides, and a 401 or a sign-out clears it.
 */
export class AccountCache {
  constructor(private readonly storage: KeyValueStorage) {}

  load(): CachedAccount | null {
    const raw = this.storage.getItem(STORAGE_KEY);
    if (raw === null) return null;
    try {
      return parse(raw);
    } catch (error) {
      // A corrupt entry only costs offline convenience; it is dropped.
      if (error instanceof SyntaxError) return null;
      throw error;
    }
  }

  /** Remembers the user; keeps known roles only when it is the same user as before. */
  saveUser(user: UserView): void {
    const previous = this.load();
    const roles = previous?.user.id === user.id ? previous.roles : {};
    const { id, name, color, email } = user;
    this.write({ user: { id, name, color, email }, roles });
  }

  /** Records (or, with null, forgets) the user's role in a book. */
  saveRole(bookId: string, role: Role | null): void {
    const account = this.load();
    if (account === null || account.roles[bookId] === (role ?? undefined)) return;
    const roles = { ...account.roles };
    if (role === null) delete roles[bookId];
    else roles[bookId] = role;
    this.write({ ...account, roles });
  }

  roleIn(bookId: string): Role | null {
    return this.load()?.roles[bookId] ?? null;
  }

  clear(): void {
    this.storage.removeItem(STORAGE_KEY);
  }

  private write(account: CachedAccount): void {
    this.storage.setItem(STORAGE_KEY, JSON.stringify(account));
  }
}

import { z } from 'zod';
import { Role } from './roles';

/**
 * The HTTP API's request bodies (validated on the server with these schemas) and response shapes.
 * Routes, all JSON, session in an HttpOnly cookie:
 *   POST /api/auth/sign-up  SignUpRequest → 201 { user }      POST /api/auth/sign-in SignInRequest → { user }
 *   POST /api/auth/sign-out → 204                             GET  /api/me → { user }
 *   GET  /api/books → { books }                               POST /api/books CreateBookRequest → 201 { book }
 *   GET  /api/books/:bookId → { book }                        GET  /api/books/:bookId/members → { members }
 *   PUT  /api/books/:bookId/members/:userId UpdateMemberRequest → { member }   (owner)
 *   DELETE /api/books/:bookId/members/:userId → 204           (owner, or yourself to leave)
 *   GET  /api/books/:bookId/invites → { invites }             (owner)
 *   POST /api/books/:bookId/invites CreateInviteRequest → 201 { invite }        (owner)
 *   DELETE /api/books/:bookId/invites/:inviteId → 204         (owner)
 *   GET  /api/invites/:code → { invite: InvitePreview }       POST /api/invites/:code/accept → { book }
 *   POST /api/books/:bookId/connection-token → { token, expiresAt }  (a short-lived WebSocket token)
 * Errors: { error: { code, message } } with the HTTP status of the matching close code
 * (400, 401, 403, 404, 409, 429).
 */

const email = z
  .email()
  .max(254)
  .transform((value) => value.toLowerCase());
const password = z.string().min(8, 'at least 8 characters').max(256);
const displayName = z.string().trim().min(1).max(80);
const invitableRole = z.enum([Role.author, Role.reviewer, Role.reader]);

export const SignUpRequest = z.object({ email, name: displayName, password });
export type SignUpRequest = z.infer<typeof SignUpRequest>;

export const SignInRequest = z.object({ email, password: z.string().min(1).max(256) });
export type SignInRequest = z.infer<typeof SignInRequest>;

export const CreateBookRequest = z.object({ title: z.string().trim().min(1).max(200) });
export type CreateBookRequest = z.infer<typeof CreateBookRequest>;

export const UpdateMemberRequest = z.object({
  role: z.enum([Role.owner, Role.author, Role.reviewer, Role.reader]),
});
export type UpdateMemberRequest = z.infer<typeof UpdateMemberRequest>;

export const CreateInviteRequest = z.object({ role: invitableRole });
export type CreateInviteRequest = z.infer<typeof CreateInviteRequest>;

export interface UserView {
  id: string;
  email: string;
  name: string;
  /** The colour of this author's cursor and presence, assigned by the server. */
  color: string;
}

export interface BookView {
  id: string;
  title: string;
  /** The caller's role in this book. */
  role: Role;
  createdAt: string;
}

export interface MemberView {
  userId: string;
  name: string;
  email: string;
  color: string;
  role: Role;
}

export interface InviteView {
  id: string;
  bookId: string;
  role: Role;
  /** The secret part of the invite link (`/invite/<code>`); shown to the owner only. */
  code: string;
  createdAt: string;
  revokedAt: string | null;
}

export interface InvitePreview {
  bookId: string;
  bookTitle: string;
  role: Role;
}

export interface ConnectionTokenView {
  token: string;
  expiresAt: string;
}

export interface ApiErrorBody {
  error: { code: string; message: string };
}

/** The identity the server stamps into each awareness state as `user`; clients cannot change it. */
export interface AwarenessIdentity {
  id: string;
  name: string;
  color: string;
  role: Role;
}

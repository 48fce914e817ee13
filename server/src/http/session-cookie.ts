/** Name of the HttpOnly cookie holding a signed-in user's session token. */
export const SESSION_COOKIE = 'wethink_session';

/**
 * Console lines a spec may expect, for `test.use({ consoleAllowed: [...] })`. Chromium logs every
 * failed request and refused socket itself; the app cannot keep those quiet, so specs whose path
 * is meant to fail (offline, server down, not found, refused) name what they expect.
 */
export const consoleAllowances = {
  /** The network is cut (context offline) or the server is down. */
  networkDown: [/net::ERR_INTERNET_DISCONNECTED/, /net::ERR_CONNECTION_REFUSED/],
  /** A page for something that does not exist, or no longer does (a book, an invite). */
  notFound: [/status of 404 \(Not Found\) \(http:\/\/[^)]*\/api\/(books|invites)\//],
  /** A wrong current password on the account page's password form. */
  wrongCurrentPassword: [/status of 403 \(Forbidden\) \(http:\/\/[^)]*\/api\/me\/password\)/],
  /** A wrong password on the sign-in form. */
  wrongPassword: [/status of 401 \(Unauthorized\) \(http:\/\/[^)]*\/api\/auth\/sign-in\)/],
  /**
   * Signed out on a chapter link: the page asks for the book before it knows nobody is signed in
   * (`/api/me` itself answers 200 `{ user: null }`). Not yet tracked down: issue 19.
   */
  signedOut: [/status of 401 \(Unauthorized\) \(http:\/\/[^)]*\/api\/books[^)]*\)/],
  /** The server refuses what the interface offered on purpose, to show its reason. */
  refused: [
    /status of 409 \(Conflict\) \(http:\/\/[^)]*\/members\//,
    /status of 403 \(Forbidden\) \(http:\/\/[^)]*\/threads\)/,
  ],
  /** A suggestion made offline whose passage was deleted meanwhile: refused (409) on reconnect. */
  suggestionAnchorGone: [/status of 409 \(Conflict\) \(http:\/\/[^)]*\/suggestions\)/],
} as const;

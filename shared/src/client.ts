/**
 * `@wethink/shared/client`: the public surface for browsers. The same as the package's index but
 * for the request schemas (zod, about 84 KB the client never runs: the server validates requests);
 * their types still come through, type-only. Keep it in step with index.ts.
 */
export * from './protocol/messages';
export * from './protocol/codec';
export * from './protocol/awareness-codec';
export * from './protocol/close-codes';
export * from './protocol/doc-name';
export * from './errors';
export * from './schema/book-schema';
export * from './api/roles';
export type * from './api/api-types';
export * from './comments/comments-doc';
export * from './comments/anchor';
export * from './comments/suggestions';
export type * from './api/comment-types';
export * from './api/comment-limits';
export * from './book/position-key';
export * from './book/book-index-read';
export * from './book/book-index-changes';
export * from './book/chapter-moves';
export * from './api/search-types';
export * from './api/image-types';
export * from './people/member-color';

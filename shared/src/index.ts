export * from './protocol/messages';
export * from './protocol/codec';
export * from './protocol/awareness-codec';
export * from './protocol/close-codes';
export * from './protocol/doc-name';
export * from './errors';
export * from './schema/book-schema';

/**
 * Message types on the wire. The first four are y-websocket's own (y-protocols); a stock
 * `WebsocketProvider` speaks exactly those. Types from 100 up are wethink's opt-in extensions:
 * the server only sends them to a connection that asked first, so stock clients never see them.
 */
export const MessageType = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  /** client → server: "tell me when my updates so far are received and durable". */
  saveRequest: 100,
  /** server → client: answer to a saveRequest, once per level reached. */
  saveAck: 101,
  /** client → server: the extensions this client understands (a `Feature` bit set). */
  hello: 102,
  /** server → client: several messages in one frame; sent only to clients that announced `Feature.batch`. */
  batch: 103,
  /**
   * server → client: "something you show changed, fetch it again" (a `NoticeKind`); sent only to
   * clients that announced `Feature.notices`.
   */
  notice: 104,
} as const;
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** Sub-types of a sync message (y-protocols/sync). */
export const SyncStep = {
  step1: 0,
  step2: 1,
  update: 2,
} as const;
export type SyncStep = (typeof SyncStep)[keyof typeof SyncStep];

/** Sub-types of an auth message (y-protocols/auth): only permission-denied exists. */
export const AuthMessageType = {
  permissionDenied: 0,
} as const;

/**
 * How far a client's updates have come. `received`: the server applied them and appended them
 * to its update log (they survive a crash of the server process). `durable`: the log has been
 * fsynced past them (they survive a power cut). Levels only ever increase per request.
 */
export const SaveLevel = {
  received: 1,
  durable: 2,
} as const;
export type SaveLevel = (typeof SaveLevel)[keyof typeof SaveLevel];

/** Bits of a hello message's feature set. */
export const Feature = {
  /** The client unpacks `batch` frames, so the server may coalesce an update and awareness into one. */
  batch: 1,
  /** The client takes `notice` messages (its notifications or the book's members changed). */
  notices: 2,
} as const;

/**
 * What a `notice` says changed. It carries no data: the client refetches over HTTP, where the
 * usual access checks apply, so a notice can never leak more than "something changed".
 */
export const NoticeKind = {
  /** The receiving member's notifications changed (a new mention, or read on another device). */
  notifications: 1,
  /** The members of the book this connection belongs to changed (joined, role, removed). */
  members: 2,
} as const;
export type NoticeKind = (typeof NoticeKind)[keyof typeof NoticeKind];

/** Whether `kind` is a notice kind this version knows. */
export const isNoticeKind = (kind: number): kind is NoticeKind =>
  (Object.values(NoticeKind) as number[]).includes(kind);

/** Bumped when an extension message changes shape; see PROTOCOL.md. */
export const PROTOCOL_EXTENSION_VERSION = 3;

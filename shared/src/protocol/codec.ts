import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as string from 'lib0/string';
import {
  AuthMessageType,
  MessageType,
  SyncStep,
  isNoticeKind,
  type NoticeKind,
  type SaveLevel,
} from './messages';

/** A decoded message. Byte payloads are views into the original frame, not copies. */
export type Message =
  | { type: typeof MessageType.sync; step: typeof SyncStep.step1; stateVector: Uint8Array }
  | {
      type: typeof MessageType.sync;
      step: typeof SyncStep.step2 | typeof SyncStep.update;
      update: Uint8Array;
    }
  | { type: typeof MessageType.awareness; update: Uint8Array }
  | { type: typeof MessageType.auth; reason: string }
  | { type: typeof MessageType.queryAwareness }
  | { type: typeof MessageType.saveRequest; requestId: number }
  | { type: typeof MessageType.saveAck; requestId: number; level: SaveLevel }
  | { type: typeof MessageType.hello; features: number }
  | { type: typeof MessageType.batch; frames: Uint8Array[] }
  | { type: typeof MessageType.notice; kind: NoticeKind };

/** Thrown by decoders for bytes that are not a well-formed message. */
export class MalformedMessageError extends Error {
  override readonly name = 'MalformedMessageError';
}

/**
 * Decodes one frame. Strict: unknown types, unknown sub-types, truncation and trailing bytes all
 * throw `MalformedMessageError`. Never returns a partial message.
 */
export function decodeMessage(frame: Uint8Array): Message {
  const decoder = decoding.createDecoder(frame);
  let message: Message;
  try {
    message = readMessageBody(decoder);
  } catch (error) {
    if (error instanceof MalformedMessageError) throw error;
    throw new MalformedMessageError(`truncated or invalid message (${frame.length} bytes)`, {
      cause: error,
    });
  }
  if (decoding.hasContent(decoder)) {
    throw new MalformedMessageError(
      `${frame.length - decoder.pos} trailing bytes after message type ${message.type}`,
    );
  }
  return message;
}

/**
 * Reads a `varUint` with lib0 and accepts only its canonical spelling, so a frame has exactly one
 * encoding: no redundant continuation bytes (`0x80 0x00` for 0) and no value past
 * `Number.MAX_SAFE_INTEGER` (lib0 rounds those, or yields NaN after ~150 continuation bytes).
 * Throws `MalformedMessageError`; allocates nothing.
 */
export function readCanonicalVarUint(decoder: decoding.Decoder): number {
  const start = decoder.pos;
  const value = decoding.readVarUint(decoder);
  if (!Number.isSafeInteger(value)) {
    throw new MalformedMessageError(`varUint at byte ${start} exceeds Number.MAX_SAFE_INTEGER`);
  }
  // The last byte carries the highest 7-bit group, which is nonzero in every canonical varint
  // except the single byte 0x00; a trailing 0x00 after a continuation is padding.
  if (decoder.pos - start > 1 && decoder.arr[decoder.pos - 1] === 0) {
    throw new MalformedMessageError(`non-canonical varUint ${value} at byte ${start}`);
  }
  return value;
}

/** `varUint8Array` with a canonical length that fits in the rest of the buffer; a view, not a copy. */
export function readCanonicalVarUint8Array(decoder: decoding.Decoder): Uint8Array {
  const start = decoder.pos;
  const length = readCanonicalVarUint(decoder);
  if (length > decoder.arr.length - decoder.pos) {
    throw new MalformedMessageError(
      `length ${length} at byte ${start} exceeds the ${decoder.arr.length - decoder.pos} bytes left`,
    );
  }
  return decoding.readUint8Array(decoder, length);
}

/** `varString` with a canonical length; invalid UTF-8 throws (lib0's decoder is fatal). */
export function readCanonicalVarString(decoder: decoding.Decoder): string {
  return string.decodeUtf8(readCanonicalVarUint8Array(decoder));
}

function readMessageBody(decoder: decoding.Decoder): Message {
  const type = readCanonicalVarUint(decoder);
  switch (type) {
    case MessageType.sync: {
      const step = readCanonicalVarUint(decoder);
      const payload = readCanonicalVarUint8Array(decoder);
      if (step === SyncStep.step1) return { type, step, stateVector: payload };
      if (step === SyncStep.step2 || step === SyncStep.update) return { type, step, update: payload };
      throw new MalformedMessageError(`unknown sync step ${step}`);
    }
    case MessageType.awareness:
      return { type, update: readCanonicalVarUint8Array(decoder) };
    case MessageType.auth: {
      const authType = readCanonicalVarUint(decoder);
      if (authType !== AuthMessageType.permissionDenied) {
        throw new MalformedMessageError(`unknown auth message type ${authType}`);
      }
      return { type, reason: readCanonicalVarString(decoder) };
    }
    case MessageType.queryAwareness:
      return { type };
    case MessageType.saveRequest:
      return { type, requestId: readCanonicalVarUint(decoder) };
    case MessageType.saveAck: {
      const requestId = readCanonicalVarUint(decoder);
      const level = readCanonicalVarUint(decoder);
      if (level !== 1 && level !== 2) throw new MalformedMessageError(`unknown save level ${level}`);
      return { type, requestId, level };
    }
    case MessageType.hello:
      return { type, features: readCanonicalVarUint(decoder) };
    case MessageType.batch: {
      const count = readCanonicalVarUint(decoder);
      if (count > decoder.arr.length) throw new MalformedMessageError(`batch count ${count} exceeds frame`);
      const frames: Uint8Array[] = [];
      for (let i = 0; i < count; i++) frames.push(readCanonicalVarUint8Array(decoder));
      return { type, frames };
    }
    case MessageType.notice: {
      const kind = readCanonicalVarUint(decoder);
      if (!isNoticeKind(kind)) throw new MalformedMessageError(`unknown notice kind ${kind}`);
      return { type, kind };
    }
    default:
      throw new MalformedMessageError(`unknown message type ${type}`);
  }
}

export function encodeSyncStep1(stateVector: Uint8Array): Uint8Array<ArrayBuffer> {
  return encodeSync(SyncStep.step1, stateVector);
}

export function encodeSyncStep2(update: Uint8Array): Uint8Array<ArrayBuffer> {
  return encodeSync(SyncStep.step2, update);
}

export function encodeUpdate(update: Uint8Array): Uint8Array<ArrayBuffer> {
  return encodeSync(SyncStep.update, update);
}

function encodeSync(step: SyncStep, payload: Uint8Array): Uint8Array<ArrayBuffer> {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.sync);
  encoding.writeVarUint(encoder, step);
  encoding.writeVarUint8Array(encoder, payload);
  return encoding.toUint8Array(encoder);
}

export function encodeAwareness(awarenessUpdate: Uint8Array): Uint8Array<ArrayBuffer> {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.awareness);
  encoding.writeVarUint8Array(encoder, awarenessUpdate);
  return encoding.toUint8Array(encoder);
}

export function encodePermissionDenied(reason: string): Uint8Array<ArrayBuffer> {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.auth);
  encoding.writeVarUint(encoder, AuthMessageType.permissionDenied);
  encoding.writeVarString(encoder, reason);
  return encoding.toUint8Array(encoder);
}

export function encodeQueryAwareness(): Uint8Array<ArrayBuffer> {
  return Uint8Array.of(MessageType.queryAwareness);
}

export function encodeSaveRequest(requestId: number): Uint8Array<ArrayBuffer> {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.saveRequest);
  encoding.writeVarUint(encoder, requestId);
  return encoding.toUint8Array(encoder);
}

export function encodeSaveAck(requestId: number, level: SaveLevel): Uint8Array<ArrayBuffer> {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.saveAck);
  encoding.writeVarUint(encoder, requestId);
  encoding.writeVarUint(encoder, level);
  return encoding.toUint8Array(encoder);
}

export function encodeHello(features: number): Uint8Array<ArrayBuffer> {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.hello);
  encoding.writeVarUint(encoder, features);
  return encoding.toUint8Array(encoder);
}

/** Packs whole messages (each a complete frame body) into one batch frame. */
export function encodeBatch(frames: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.batch);
  encoding.writeVarUint(encoder, frames.length);
  for (const frame of frames) encoding.writeVarUint8Array(encoder, frame);
  return encoding.toUint8Array(encoder);
}

export function encodeNotice(kind: NoticeKind): Uint8Array<ArrayBuffer> {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, MessageType.notice);
  encoding.writeVarUint(encoder, kind);
  return encoding.toUint8Array(encoder);
}

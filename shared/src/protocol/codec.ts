import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { AuthMessageType, MessageType, SyncStep, type SaveLevel } from './messages';

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
  | { type: typeof MessageType.batch; frames: Uint8Array[] };

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

function readMessageBody(decoder: decoding.Decoder): Message {
  const type = decoding.readVarUint(decoder);
  switch (type) {
    case MessageType.sync: {
      const step = decoding.readVarUint(decoder);
      const payload = decoding.readVarUint8Array(decoder);
      if (step === SyncStep.step1) return { type, step, stateVector: payload };
      if (step === SyncStep.step2 || step === SyncStep.update) return { type, step, update: payload };
      throw new MalformedMessageError(`unknown sync step ${step}`);
    }
    case MessageType.awareness:
      return { type, update: decoding.readVarUint8Array(decoder) };
    case MessageType.auth: {
      const authType = decoding.readVarUint(decoder);
      if (authType !== AuthMessageType.permissionDenied) {
        throw new MalformedMessageError(`unknown auth message type ${authType}`);
      }
      return { type, reason: decoding.readVarString(decoder) };
    }
    case MessageType.queryAwareness:
      return { type };
    case MessageType.saveRequest:
      return { type, requestId: decoding.readVarUint(decoder) };
    case MessageType.saveAck: {
      const requestId = decoding.readVarUint(decoder);
      const level = decoding.readVarUint(decoder);
      if (level !== 1 && level !== 2) throw new MalformedMessageError(`unknown save level ${level}`);
      return { type, requestId, level };
    }
    case MessageType.hello:
      return { type, features: decoding.readVarUint(decoder) };
    case MessageType.batch: {
      const count = decoding.readVarUint(decoder);
      if (count > decoder.arr.length) throw new MalformedMessageError(`batch count ${count} exceeds frame`);
      const frames: Uint8Array[] = [];
      for (let i = 0; i < count; i++) frames.push(decoding.readVarUint8Array(decoder));
      return { type, frames };
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

import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import {
  AppError,
  decodeAwarenessUpdate,
  encodeAwarenessUpdate,
  roles,
  type AwarenessEntry,
  type Role,
} from '@wethink/shared';
import type { ReplicaEntry } from '../sync/replica';

/**
 * What instances tell each other through Redis, as bytes (lib0 encoding, like y-protocols). Each
 * message starts with a format version and the sender's instance id, so an instance skips its own
 * and a mixed-version cluster fails loudly instead of misreading. Pure: no Redis here.
 */
const FORMAT = 1;

const AwarenessKind = { entries: 0, query: 1 } as const;

export type AwarenessMessage =
  { kind: 'entries'; instance: string; entries: AwarenessEntry[] } | { kind: 'query'; instance: string };

export interface MembershipMessage {
  instance: string;
  bookId: string;
  userId: string;
  /** Null: removed from the book. */
  role: Role | null;
}

export function encodeReplicaEntry(instance: string, entry: ReplicaEntry): Uint8Array {
  const encoder = start(instance);
  encoding.writeVarUint(encoder, entry.from);
  encoding.writeVarUint(encoder, entry.to);
  encoding.writeVarUint(encoder, entry.claims.length);
  for (const [clientId, principal] of entry.claims) {
    encoding.writeVarUint(encoder, clientId);
    encoding.writeVarString(encoder, principal);
  }
  encoding.writeVarUint(encoder, entry.updates.length);
  for (const update of entry.updates) encoding.writeVarUint8Array(encoder, update);
  return encoding.toUint8Array(encoder);
}

export function decodeReplicaEntry(bytes: Uint8Array): { instance: string; entry: ReplicaEntry } {
  return read(bytes, 'update entry', (decoder, instance) => {
    const from = decoding.readVarUint(decoder);
    const to = decoding.readVarUint(decoder);
    if (from < 1 || to < from) throw new RangeError(`sequence range ${from}..${to}`);
    const claims: [number, string][] = [];
    for (let n = decoding.readVarUint(decoder); n > 0; n -= 1) {
      claims.push([decoding.readVarUint(decoder), decoding.readVarString(decoder)]);
    }
    const updates: Uint8Array[] = [];
    for (let n = decoding.readVarUint(decoder); n > 0; n -= 1)
      updates.push(decoding.readVarUint8Array(decoder));
    if (updates.length !== to - from + 1) {
      throw new RangeError(`${updates.length} updates for sequence range ${from}..${to}`);
    }
    return { instance, entry: { from, to, claims, updates } };
  });
}

export function encodeAwarenessMessage(message: AwarenessMessage): Uint8Array {
  const encoder = start(message.instance);
  if (message.kind === 'query') {
    encoding.writeVarUint(encoder, AwarenessKind.query);
  } else {
    encoding.writeVarUint(encoder, AwarenessKind.entries);
    encoding.writeVarUint8Array(encoder, encodeAwarenessUpdate(message.entries));
  }
  return encoding.toUint8Array(encoder);
}

export function decodeAwarenessMessage(bytes: Uint8Array): AwarenessMessage {
  return read(bytes, 'awareness message', (decoder, instance) => {
    const kind = decoding.readVarUint(decoder);
    if (kind === AwarenessKind.query) return { kind: 'query', instance };
    if (kind !== AwarenessKind.entries) throw new RangeError(`awareness message kind ${kind}`);
    return { kind: 'entries', instance, entries: decodeAwarenessUpdate(decoding.readVarUint8Array(decoder)) };
  });
}

export function encodeMembershipMessage(message: MembershipMessage): string {
  return JSON.stringify({ v: FORMAT, ...message });
}

export function decodeMembershipMessage(text: string): MembershipMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new AppError('malformed-message', 'membership message is not JSON', { cause: error });
  }
  const { v, instance, bookId, userId, role } = (parsed ?? {}) as Record<string, unknown>;
  const isRole = role === null || roles.includes(role as Role);
  if (
    v !== FORMAT ||
    typeof instance !== 'string' ||
    typeof bookId !== 'string' ||
    typeof userId !== 'string' ||
    !isRole
  ) {
    throw new AppError('malformed-message', `membership message ${text.slice(0, 200)}`);
  }
  return { instance, bookId, userId, role: role as Role | null };
}

/** "These users' notifications changed": their connections on every instance are told (notice 1). */
export interface NoticeMessage {
  instance: string;
  userIds: string[];
}

export function encodeNoticeMessage(message: NoticeMessage): string {
  return JSON.stringify({ v: FORMAT, ...message });
}

export function decodeNoticeMessage(text: string): NoticeMessage {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new AppError('malformed-message', 'notice message is not JSON', { cause: error });
  }
  const { v, instance, userIds } = (parsed ?? {}) as Record<string, unknown>;
  if (
    v !== FORMAT ||
    typeof instance !== 'string' ||
    !Array.isArray(userIds) ||
    !userIds.every((id) => typeof id === 'string')
  ) {
    throw new AppError('malformed-message', `notice message ${text.slice(0, 200)}`);
  }
  return { instance, userIds: userIds as string[] };
}

function start(instance: string): encoding.Encoder {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, FORMAT);
  encoding.writeVarString(encoder, instance);
  return encoder;
}

/** Decodes a whole message or throws `AppError('malformed-message')` saying what and where. */
function read<T>(
  bytes: Uint8Array,
  what: string,
  body: (decoder: decoding.Decoder, instance: string) => T,
): T {
  const decoder = decoding.createDecoder(bytes);
  try {
    const format = decoding.readVarUint(decoder);
    if (format !== FORMAT) throw new RangeError(`format ${format}, expected ${FORMAT}`);
    const result = body(decoder, decoding.readVarString(decoder));
    if (decoding.hasContent(decoder)) throw new RangeError('trailing bytes');
    return result;
  } catch (error) {
    if (error instanceof AppError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new AppError('malformed-message', `${what} at byte ${decoder.pos}: ${detail}`, { cause: error });
  }
}

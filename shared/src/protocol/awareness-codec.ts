import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { MalformedMessageError, readCanonicalVarString, readCanonicalVarUint } from './codec';

/**
 * One entry of a y-protocols awareness update. `state` is the raw JSON text as sent ("null" means
 * the client left); kept as text so held states are relayed and snapshotted without re-encoding.
 */
export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: string;
}

/** Decodes the payload of an awareness message. Throws `MalformedMessageError` on bad bytes. */
export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const decoder = decoding.createDecoder(update);
  try {
    const count = readCanonicalVarUint(decoder);
    // Each entry takes at least 3 bytes; a larger count is a lie we refuse before allocating.
    if (count * 3 > update.length)
      throw new MalformedMessageError(`awareness count ${count} exceeds payload`);
    const entries: AwarenessEntry[] = [];
    for (let i = 0; i < count; i++) {
      entries.push({
        clientId: readCanonicalVarUint(decoder),
        clock: readCanonicalVarUint(decoder),
        state: readCanonicalVarString(decoder),
      });
    }
    if (decoding.hasContent(decoder)) throw new MalformedMessageError('trailing bytes in awareness update');
    return entries;
  } catch (error) {
    if (error instanceof MalformedMessageError) throw error;
    throw new MalformedMessageError(`invalid awareness update (${update.length} bytes)`, { cause: error });
  }
}

export function encodeAwarenessUpdate(entries: Iterable<AwarenessEntry>): Uint8Array<ArrayBuffer> {
  const list = [...entries];
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, list.length);
  for (const entry of list) {
    encoding.writeVarUint(encoder, entry.clientId);
    encoding.writeVarUint(encoder, entry.clock);
    encoding.writeVarString(encoder, entry.state);
  }
  return encoding.toUint8Array(encoder);
}

import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as Y from 'yjs';
import {
  CloseCode,
  Feature,
  MalformedMessageError,
  MAX_DOC_NAME_LENGTH,
  MessageType,
  NoticeKind,
  SaveLevel,
  SyncStep,
  closeCodeMeaning,
  decodeAwarenessUpdate,
  decodeMessage,
  docNameFromPath,
  encodeAwareness,
  encodeAwarenessUpdate,
  encodeBatch,
  encodeHello,
  encodeNotice,
  encodePermissionDenied,
  encodeQueryAwareness,
  encodeSaveAck,
  encodeSaveRequest,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUpdate,
  errorCloseCodes,
  isDocName,
  isRetryable,
  type AwarenessEntry,
  type Message,
} from '../src/index';

/** The inverse of `decodeMessage`, built only from the public encoders. */
function encodeMessage(message: Message): Uint8Array {
  switch (message.type) {
    case MessageType.sync:
      if (message.step === SyncStep.step1) return encodeSyncStep1(message.stateVector);
      return message.step === SyncStep.step2 ? encodeSyncStep2(message.update) : encodeUpdate(message.update);
    case MessageType.awareness:
      return encodeAwareness(message.update);
    case MessageType.auth:
      return encodePermissionDenied(message.reason);
    case MessageType.queryAwareness:
      return encodeQueryAwareness();
    case MessageType.saveRequest:
      return encodeSaveRequest(message.requestId);
    case MessageType.saveAck:
      return encodeSaveAck(message.requestId, message.level);
    case MessageType.hello:
      return encodeHello(message.features);
    case MessageType.batch:
      return encodeBatch(message.frames);
    case MessageType.notice:
      return encodeNotice(message.kind);
  }
}

/** Real frames, as a stock client and the server produce them: the corpus for truncation and mutation. */
function realFrames(): Uint8Array[] {
  const doc = new Y.Doc();
  doc.clientID = 123456789;
  doc.getText('t').insert(0, 'hello wethink');
  doc.getMap('m').set('k', [1, 'two', { three: 3 }]);
  const before = Y.encodeStateVector(doc);
  doc.getText('t').delete(0, 6);
  const awareness = new awarenessProtocol.Awareness(doc);
  awareness.setLocalState({ user: { name: 'Ada', color: '#f00' }, cursor: { anchor: 3 } });
  const awarenessUpdate = awarenessProtocol.encodeAwarenessUpdate(awareness, [doc.clientID]);
  awareness.destroy();
  return [
    encodeSyncStep1(Y.encodeStateVector(doc)),
    encodeSyncStep1(Y.encodeStateVector(new Y.Doc())),
    encodeSyncStep2(Y.encodeStateAsUpdate(doc)),
    encodeUpdate(Y.encodeStateAsUpdate(doc, before)),
    encodeAwareness(awarenessUpdate),
    encodePermissionDenied('read-only author'),
    encodeQueryAwareness(),
    encodeSaveRequest(0),
    encodeSaveRequest(300),
    encodeSaveAck(7, SaveLevel.received),
    encodeSaveAck(2 ** 40, SaveLevel.durable),
    encodeHello(Feature.batch),
    encodeHello(Feature.batch | Feature.notices),
    encodeNotice(NoticeKind.notifications),
    encodeNotice(NoticeKind.members),
    encodeBatch([]),
    encodeBatch([encodeUpdate(Y.encodeStateAsUpdate(doc, before)), encodeAwareness(awarenessUpdate)]),
  ];
}

const corpus = realFrames();

/** A varint of `value`, optionally padded with redundant continuation bytes (still decodable by lib0). */
function varUint(value: number, padding: number): number[] {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, value);
  const bytes = [...encoding.toUint8Array(encoder)];
  if (padding === 0) return bytes;
  bytes[bytes.length - 1]! |= 0x80;
  for (let i = 1; i < padding; i++) bytes.push(0x80);
  bytes.push(0x00);
  return bytes;
}

const byteArb = fc.integer({ min: 0, max: 255 });

/** Frames assembled from protocol-shaped tokens, so many of them decode. */
const tokenFrameArb = fc
  .array(
    fc.oneof(
      fc
        .record({
          value: fc.oneof(
            fc.constantFrom(0, 1, 2, 3, 100, 101, 102, 103, 104),
            fc.nat(1000),
            fc.maxSafeNat(),
          ),
          padding: fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat(3) }),
        })
        .map(({ value, padding }) => varUint(value, padding)),
      fc.uint8Array({ maxLength: 12 }).map((bytes) => [...varUint(bytes.length, 0), ...bytes]),
      fc.array(byteArb, { maxLength: 4 }),
    ),
    { maxLength: 5 },
  )
  .map((tokens) => Uint8Array.from(tokens.flat()));

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'insert'; at: number; byte: number }
  | { kind: 'delete'; at: number }
  | { kind: 'truncate'; at: number };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), byte: byteArb }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

function mutate(frame: Uint8Array, mutations: Mutation[]): Uint8Array {
  const bytes = [...frame];
  for (const mutation of mutations) {
    const at = bytes.length === 0 ? 0 : mutation.at % bytes.length;
    if (mutation.kind === 'flip' && bytes.length > 0) bytes[at]! ^= 1 << mutation.bit;
    if (mutation.kind === 'insert') bytes.splice(at, 0, mutation.byte);
    if (mutation.kind === 'delete') bytes.splice(at, 1);
    if (mutation.kind === 'truncate') bytes.length = at;
  }
  return Uint8Array.from(bytes);
}

const frameArb = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  tokenFrameArb,
  fc
    .tuple(fc.constantFrom(...corpus), fc.array(mutationArb, { minLength: 1, maxLength: 4 }))
    .map(([frame, mutations]) => mutate(frame, mutations)),
);

/** Decodes or returns the error; any error that is not a MalformedMessageError fails the caller. */
function decodeOrError(frame: Uint8Array): Message | MalformedMessageError {
  try {
    return decodeMessage(frame);
  } catch (error) {
    if (error instanceof MalformedMessageError) return error;
    throw error;
  }
}

describe('message codec round trips', () => {
  it('round-trips sync step 1, step 2 and update with any payload', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (payload) => {
        expect(decodeMessage(encodeSyncStep1(payload))).toEqual({
          type: MessageType.sync,
          step: SyncStep.step1,
          stateVector: payload,
        });
        expect(decodeMessage(encodeSyncStep2(payload))).toEqual({
          type: MessageType.sync,
          step: SyncStep.step2,
          update: payload,
        });
        expect(decodeMessage(encodeUpdate(payload))).toEqual({
          type: MessageType.sync,
          step: SyncStep.update,
          update: payload,
        });
      }),
    );
  });

  it('round-trips an awareness frame with any payload', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (payload) => {
        expect(decodeMessage(encodeAwareness(payload))).toEqual({
          type: MessageType.awareness,
          update: payload,
        });
      }),
    );
  });

  it('round-trips permission-denied with any well-formed reason', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (reason) => {
        expect(decodeMessage(encodePermissionDenied(reason))).toEqual({ type: MessageType.auth, reason });
      }),
    );
  });

  it('round-trips query-awareness', () => {
    expect(encodeQueryAwareness()).toEqual(Uint8Array.of(MessageType.queryAwareness));
    expect(decodeMessage(encodeQueryAwareness())).toEqual({ type: MessageType.queryAwareness });
  });

  it('round-trips save requests and save acks for every safe request id and both levels', () => {
    fc.assert(
      fc.property(
        fc.maxSafeNat(),
        fc.constantFrom(SaveLevel.received, SaveLevel.durable),
        (requestId, level) => {
          expect(decodeMessage(encodeSaveRequest(requestId))).toEqual({
            type: MessageType.saveRequest,
            requestId,
          });
          expect(decodeMessage(encodeSaveAck(requestId, level))).toEqual({
            type: MessageType.saveAck,
            requestId,
            level,
          });
        },
      ),
    );
  });

  it('round-trips hello with any safe feature set', () => {
    fc.assert(
      fc.property(fc.maxSafeNat(), (features) => {
        expect(decodeMessage(encodeHello(features))).toEqual({ type: MessageType.hello, features });
      }),
    );
  });

  it('round-trips a batch of any frames, each kept byte for byte', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 40 }), { maxLength: 8 }), (frames) => {
        expect(decodeMessage(encodeBatch(frames))).toEqual({ type: MessageType.batch, frames });
      }),
    );
  });

  it('round-trips a notice of every known kind', () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.values(NoticeKind)), (kind) => {
        expect(decodeMessage(encodeNotice(kind))).toEqual({ type: MessageType.notice, kind });
      }),
    );
  });

  it('refuses a notice of an unknown kind, or without one', () => {
    fc.assert(
      fc.property(
        fc.maxSafeNat().filter((kind) => !(Object.values(NoticeKind) as number[]).includes(kind)),
        (kind) => {
          expect(() => decodeMessage(Uint8Array.from([MessageType.notice, ...varUint(kind, 0)]))).toThrow(
            /unknown notice kind/,
          );
        },
      ),
    );
    expect(() => decodeMessage(Uint8Array.of(MessageType.notice))).toThrow(MalformedMessageError);
    expect(() => decodeMessage(Uint8Array.of(MessageType.notice, NoticeKind.members, 0))).toThrow(
      /trailing bytes/,
    );
  });

  it('refuses a batch count larger than the frame could hold', () => {
    expect(() => decodeMessage(Uint8Array.from([MessageType.batch, ...varUint(2 ** 40, 0)]))).toThrow(
      MalformedMessageError,
    );
  });

  it('decodes real y-sync frames to payloads Yjs applies', () => {
    const source = new Y.Doc();
    source.getText('t').insert(0, 'from the wire');
    const message = decodeMessage(encodeSyncStep2(Y.encodeStateAsUpdate(source)));
    if (message.type !== MessageType.sync || message.step === SyncStep.step1)
      throw new Error(`unexpected ${JSON.stringify(message)}`);
    const target = new Y.Doc();
    Y.applyUpdate(target, message.update);
    expect(target.getText('t').toString()).toBe('from the wire');
  });

  it('rejects a save ack with an unknown level', () => {
    expect(() => decodeMessage(Uint8Array.of(MessageType.saveAck, 1, 3))).toThrow(MalformedMessageError);
    expect(() => decodeMessage(Uint8Array.of(MessageType.saveAck, 1, 0))).toThrow(MalformedMessageError);
  });

  it('rejects unknown types, sync steps and auth types, and trailing bytes', () => {
    expect(() => decodeMessage(Uint8Array.of(4))).toThrow(MalformedMessageError);
    expect(() => decodeMessage(Uint8Array.of(MessageType.sync, 3, 0))).toThrow(MalformedMessageError);
    expect(() => decodeMessage(Uint8Array.of(MessageType.auth, 1, 0))).toThrow(MalformedMessageError);
    for (const frame of corpus) {
      expect(() => decodeMessage(Uint8Array.from([...frame, 0]))).toThrow(MalformedMessageError);
    }
  });

  it('rejects a reason that is not valid UTF-8', () => {
    expect(() => decodeMessage(Uint8Array.of(MessageType.auth, 0, 1, 0xff))).toThrow(MalformedMessageError);
  });

  it('refuses a payload length past the frame without allocating it', () => {
    const frame = Uint8Array.from([MessageType.sync, SyncStep.update, ...varUint(2 ** 50, 0), 1, 2, 3]);
    expect(() => decodeMessage(frame)).toThrow(MalformedMessageError);
  });
});

describe('decodeMessage on hostile bytes', () => {
  it('returns a message or throws MalformedMessageError for arbitrary and mutated frames', () => {
    fc.assert(
      fc.property(frameArb, (frame) => {
        decodeOrError(frame);
      }),
      { numRuns: 3000 },
    );
  });

  it('throws MalformedMessageError for every truncation of every real frame', () => {
    for (const frame of corpus) {
      for (let length = 0; length < frame.length; length++) {
        expect(
          () => decodeMessage(frame.subarray(0, length)),
          `${frame.length}-byte frame cut to ${length}`,
        ).toThrow(MalformedMessageError);
      }
    }
  });

  it('re-encodes every real frame to the same bytes', () => {
    for (const frame of corpus) expect(encodeMessage(decodeMessage(frame))).toEqual(frame);
  });

  it('re-encodes every frame it accepts to the same bytes', () => {
    fc.assert(
      fc.property(frameArb, (frame) => {
        const decoded = decodeOrError(frame);
        if (decoded instanceof MalformedMessageError) return;
        expect(encodeMessage(decoded)).toEqual(frame);
      }),
      { numRuns: 3000, seed: 20261122 },
    );
  });

  it('rejects a varint with redundant continuation bytes (sync step 1 spelled 0x80 0x00 0x00 0x00)', () => {
    expect(() => decodeMessage(Uint8Array.of(0x80, 0x00, 0x00, 0x00))).toThrow(MalformedMessageError);
  });

  it('rejects a padded payload length, and a padded string length', () => {
    const sync = Uint8Array.from([MessageType.sync, SyncStep.update, ...varUint(2, 1), 7, 7]);
    expect(() => decodeMessage(sync)).toThrow(MalformedMessageError);
    const auth = Uint8Array.from([MessageType.auth, 0, ...varUint(1, 2), 0x61]);
    expect(() => decodeMessage(auth)).toThrow(MalformedMessageError);
  });

  it('rejects a request id above Number.MAX_SAFE_INTEGER instead of rounding it', () => {
    const frame = Uint8Array.of(MessageType.saveRequest, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f);
    expect(() => decodeMessage(frame)).toThrow(MalformedMessageError);
  });

  it('rejects a varint so long that lib0 reads it as NaN', () => {
    const frame = Uint8Array.from([MessageType.saveRequest, ...new Array<number>(200).fill(0x80), 1]);
    expect(() => decodeMessage(frame)).toThrow(MalformedMessageError);
  });
});

const awarenessEntryArb: fc.Arbitrary<AwarenessEntry> = fc.record({
  clientId: fc.nat({ max: 2 ** 32 - 1 }),
  clock: fc.nat(),
  state: fc.oneof(fc.constant('null'), fc.json({ maxDepth: 2 })),
});

describe('awareness codec', () => {
  it('round-trips any list of entries', () => {
    fc.assert(
      fc.property(fc.array(awarenessEntryArb, { maxLength: 6 }), (entries) => {
        expect(decodeAwarenessUpdate(encodeAwarenessUpdate(entries))).toEqual(entries);
      }),
    );
  });

  it('reads what y-protocols writes, and y-protocols reads what it writes', () => {
    const doc = new Y.Doc();
    const sender = new awarenessProtocol.Awareness(doc);
    sender.setLocalState({ user: { name: 'Ada', color: '#0af' }, cursor: null });
    const entries = decodeAwarenessUpdate(awarenessProtocol.encodeAwarenessUpdate(sender, [doc.clientID]));
    expect(entries).toEqual([
      {
        clientId: doc.clientID,
        clock: sender.meta.get(doc.clientID)!.clock,
        state: JSON.stringify(sender.getLocalState()),
      },
    ]);

    const receiver = new awarenessProtocol.Awareness(new Y.Doc());
    awarenessProtocol.applyAwarenessUpdate(receiver, encodeAwarenessUpdate(entries), 'test');
    expect(receiver.getStates().get(doc.clientID)).toEqual({
      user: { name: 'Ada', color: '#0af' },
      cursor: null,
    });
    sender.destroy();
    receiver.destroy();
  });

  it('returns entries or throws MalformedMessageError on arbitrary and mutated payloads', () => {
    const real = encodeAwarenessUpdate([
      { clientId: 1, clock: 4, state: '{"user":{"name":"Ada"}}' },
      { clientId: 2 ** 31, clock: 0, state: 'null' },
    ]);
    const payloadArb = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc.array(mutationArb, { minLength: 1, maxLength: 4 }).map((mutations) => mutate(real, mutations)),
    );
    fc.assert(
      fc.property(payloadArb, (payload) => {
        try {
          decodeAwarenessUpdate(payload);
        } catch (error) {
          expect(error).toBeInstanceOf(MalformedMessageError);
        }
      }),
      { numRuns: 2000 },
    );
    for (let length = 0; length < real.length; length++) {
      expect(() => decodeAwarenessUpdate(real.subarray(0, length)), `cut to ${length}`).toThrow(
        MalformedMessageError,
      );
    }
  });

  it('refuses an entry count larger than the payload could hold', () => {
    expect(() => decodeAwarenessUpdate(Uint8Array.from(varUint(2 ** 40, 0)))).toThrow(MalformedMessageError);
  });

  it('rejects a padded varint and a clock past Number.MAX_SAFE_INTEGER', () => {
    const state = [2, 0x7b, 0x7d];
    expect(() => decodeAwarenessUpdate(Uint8Array.from([1, ...varUint(5, 1), 1, ...state]))).toThrow(
      MalformedMessageError,
    );
    const hugeClock = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f];
    expect(() => decodeAwarenessUpdate(Uint8Array.from([1, 5, ...hugeClock, ...state]))).toThrow(
      MalformedMessageError,
    );
  });

  it('rejects trailing bytes', () => {
    const payload = encodeAwarenessUpdate([{ clientId: 1, clock: 1, state: '{}' }]);
    expect(() => decodeAwarenessUpdate(Uint8Array.from([...payload, 0]))).toThrow(MalformedMessageError);
  });
});

describe('close codes', () => {
  const codes = Object.values(CloseCode);

  it('gives every code a meaning', () => {
    for (const code of codes) expect(closeCodeMeaning[code], `meaning of ${code}`).toMatch(/\S/);
    expect(Object.keys(closeCodeMeaning).map(Number).sort()).toEqual([...codes].sort());
  });

  it('keeps application codes at 4000 plus an HTTP status', () => {
    for (const code of codes.filter((c) => c >= 4000)) {
      expect(code - 4000, `${code}`).toBeGreaterThanOrEqual(200);
      expect(code - 4000, `${code}`).toBeLessThan(600);
    }
    expect(new Set(codes).size).toBe(codes.length);
  });

  it.each([1001, 4205, 4408, 4429, 4500, 4503])('retries after %i', (code) => {
    expect(isRetryable(code)).toBe(true);
  });

  it.each([1000, 4400, 4401, 4403, 4404])('does not retry after %i', (code) => {
    expect(isRetryable(code)).toBe(false);
  });

  it('maps every error code to a close code that has a meaning', () => {
    for (const [errorCode, closeCode] of Object.entries(errorCloseCodes)) {
      expect(codes, errorCode).toContain(closeCode);
      expect(closeCodeMeaning[closeCode], errorCode).toMatch(/\S/);
    }
  });
});

describe('document names', () => {
  it.each([
    'a',
    'book-1/chap_2',
    'A/b/c/d',
    'x'.repeat(64),
    ['a'.repeat(64), 'b'.repeat(64), 'c'.repeat(64)].join('/'),
  ])('accepts %s', (name) => {
    expect(isDocName(name)).toBe(true);
  });

  it.each([
    ['empty', ''],
    ['a dot-dot', '..'],
    ['a single dot', '.'],
    ['traversal', 'a/../b'],
    ['percent-encoding', '%2e'],
    ['percent-encoded traversal', 'a/%2e%2e/b'],
    ['an empty middle segment', 'a//b'],
    ['a leading slash', '/a'],
    ['a trailing slash', 'a/'],
    ['five segments', 'a/b/c/d/e'],
    ['a 65-character segment', 'x'.repeat(65)],
    ['over 200 characters', ['a'.repeat(64), 'b'.repeat(64), 'c'.repeat(64), 'd'.repeat(10)].join('/')],
    ['unicode', 'büch'],
    ['a fullwidth letter', 'ａ'],
    ['a space', 'a b'],
    ['a backslash', 'a\\b'],
    ['a newline', 'a\n'],
  ])('rejects %s', (_why, name) => {
    expect(isDocName(name)).toBe(false);
  });

  it('caps the whole name at MAX_DOC_NAME_LENGTH', () => {
    const longest = [
      'a'.repeat(64),
      'b'.repeat(64),
      'c'.repeat(64),
      'd'.repeat(MAX_DOC_NAME_LENGTH - 3 * 64 - 3),
    ].join('/');
    expect(longest).toHaveLength(MAX_DOC_NAME_LENGTH);
    expect(isDocName(longest)).toBe(true);
    expect(isDocName(`${longest}e`)).toBe(false);
  });

  it('reads the name from a sync path and refuses one that breaks the grammar', () => {
    expect(docNameFromPath('/sync/book-1/chap_2')).toBe('book-1/chap_2');
    expect(docNameFromPath('/book-1')).toBe('book-1');
    expect(docNameFromPath('/sync/a/../b')).toBeNull();
    expect(docNameFromPath('/sync/')).toBeNull();
    expect(docNameFromPath('/sync/a/b/c/d/e')).toBeNull();
  });

  it('agrees with the grammar on arbitrary strings', () => {
    const segment = /^[A-Za-z0-9_-]{1,64}$/;
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom('a', 'Z', '9', '_', '-', '/', '.', '%', 'é'), maxLength: 210 }),
        (name) => {
          const parts = name.split('/');
          const expected =
            name.length <= MAX_DOC_NAME_LENGTH &&
            parts.length <= 4 &&
            parts.every((part) => segment.test(part));
          expect(isDocName(name)).toBe(expected);
        },
      ),
    );
  });
});

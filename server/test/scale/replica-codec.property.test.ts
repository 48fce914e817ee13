import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '@wethink/shared';
import {
  decodeAwarenessMessage,
  decodeMembershipMessage,
  decodeNoticeMessage,
  decodeReplicaEntry,
  encodeAwarenessMessage,
  encodeMembershipMessage,
  encodeNoticeMessage,
  encodeReplicaEntry,
} from '../../src/scale/replica-codec';

const entryArb = fc
  .tuple(
    fc.integer({ min: 1, max: 2 ** 40 }),
    fc.array(fc.uint8Array({ maxLength: 64 }), { minLength: 1, maxLength: 5 }),
    fc.array(fc.tuple(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.string())),
  )
  .map(([from, updates, claims]) => ({ from, to: from + updates.length - 1, updates, claims }));

describe('replica codec', () => {
  it('round-trips update entries', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), entryArb, (instance, entry) => {
        expect(decodeReplicaEntry(encodeReplicaEntry(instance, entry))).toEqual({ instance, entry });
      }),
    );
  });

  it('round-trips awareness messages', () => {
    const entries = fc.array(
      fc.record({
        clientId: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        clock: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        state: fc.json(),
      }),
    );
    fc.assert(
      fc.property(fc.string(), entries, (instance, list) => {
        const message = { kind: 'entries' as const, instance, entries: list };
        expect(decodeAwarenessMessage(encodeAwarenessMessage(message))).toEqual(message);
      }),
    );
    expect(decodeAwarenessMessage(encodeAwarenessMessage({ kind: 'query', instance: 'i1' }))).toEqual({
      kind: 'query',
      instance: 'i1',
    });
  });

  it('refuses any corruption with a malformed-message error, never anything else', () => {
    fc.assert(
      fc.property(entryArb, fc.nat(), fc.integer({ min: 0, max: 255 }), (entry, at, byte) => {
        const bytes = encodeReplicaEntry('i1', entry);
        const corrupted = bytes.slice(0, Math.max(1, at % bytes.length));
        corrupted[corrupted.length - 1] = byte;
        try {
          decodeReplicaEntry(corrupted);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).code).toBe('malformed-message');
        }
      }),
    );
  });

  it('round-trips membership changes and refuses unknown roles', () => {
    const change = { instance: 'i2', bookId: 'b', userId: 'u', role: 'reviewer' as const };
    expect(decodeMembershipMessage(encodeMembershipMessage(change))).toEqual(change);
    expect(decodeMembershipMessage(encodeMembershipMessage({ ...change, role: null }))).toEqual({
      ...change,
      role: null,
    });
    expect(() => decodeMembershipMessage(JSON.stringify({ v: 1, ...change, role: 'admin' }))).toThrow(
      AppError,
    );
    expect(() => decodeMembershipMessage('{')).toThrow(AppError);
  });

  it('round-trips notice messages for any users, and refuses anything else', () => {
    fc.assert(
      fc.property(fc.string(), fc.array(fc.string(), { maxLength: 5 }), (instance, userIds) => {
        const message = { instance, userIds };
        expect(decodeNoticeMessage(encodeNoticeMessage(message))).toEqual(message);
      }),
    );
    for (const bad of [
      '{',
      'null',
      '{"v":1,"instance":"i","userIds":[1]}',
      '{"v":2,"instance":"i","userIds":[]}',
    ]) {
      expect(() => decodeNoticeMessage(bad), bad).toThrow(AppError);
    }
  });
});

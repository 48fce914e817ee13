import { describe, expect, it } from 'vitest';
import { AppError, type AwarenessEntry, type AwarenessIdentity } from '@wethink/shared';
import { AwarenessRegistry, type AwarenessRegistryOptions } from '../../src/sync/awareness-registry';
import { Peer } from '../../src/sync/peer';
import type { SocketLike } from '../../src/sync/socket-like';

const ada: AwarenessIdentity = { id: 'u-ada', name: 'Ada', color: '#d33', role: 'author' };

/** A socket that keeps what it was sent. */
function fakeSocket(): SocketLike & { sent: Uint8Array[] } {
  const sent: Uint8Array[] = [];
  return {
    sent,
    send: (data) => sent.push(data),
    close: () => {},
    terminate: () => {},
    cork: () => {},
    uncork: () => {},
    bufferedAmount: 0,
  };
}

function peer(identity?: AwarenessIdentity): Peer {
  return new Peer(fakeSocket(), { maxBufferedBytes: 1 << 20, awarenessMessagesPerSec: 100, identity });
}

function registry(options: Partial<AwarenessRegistryOptions> = {}) {
  let nowMs = 0;
  const awareness = new AwarenessRegistry({
    maxClientsPerPeer: 4,
    maxStateBytes: 1024,
    nowMs: () => nowMs,
    ...options,
  });
  /** A peer that joined now. */
  const join = (identity?: AwarenessIdentity): Peer => {
    const joined = peer(identity);
    awareness.addPeer(joined);
    return joined;
  };
  return { awareness, join, advanceMs: (ms: number) => (nowMs += ms) };
}

const entry = (clientId: number, clock: number, state: unknown): AwarenessEntry => ({
  clientId,
  clock,
  state: typeof state === 'string' ? state : JSON.stringify(state),
});

function rejection(run: () => unknown): AppError {
  try {
    run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected an AppError, nothing was thrown');
}

describe('AwarenessRegistry: validation', () => {
  it.each(['{not json', '', 'x', '1', '"text"', 'true', '[1,2]'])(
    'rejects the state %j with malformed-message (4400)',
    (state) => {
      const { awareness, join } = registry();
      const error = rejection(() => awareness.apply(join(), [entry(1, 1, state)]));
      expect(error.code).toBe('malformed-message');
      expect(error.closeCode).toBe(4400);
    },
  );

  it('stores nothing from a message with one bad entry, even the good ones before it', () => {
    const { awareness, join } = registry();
    const sender = join();
    expect(() => awareness.apply(sender, [entry(1, 1, { a: 1 }), entry(2, 1, '{bad')])).toThrow(AppError);
    expect(awareness.snapshot()).toEqual([]);
    expect(sender.awarenessClientIds.size).toBe(0);
  });

  it('checks the size limit before parsing', () => {
    const { awareness, join } = registry({ maxStateBytes: 100 });
    const error = rejection(() => awareness.apply(join(), [entry(1, 1, '{' + 'x'.repeat(200))]));
    expect(error.code).toBe('payload-too-large');
  });

  it('takes JSON null with whitespace as a removal', () => {
    const { awareness, join } = registry();
    const sender = join();
    awareness.apply(sender, [entry(1, 1, { a: 1 })]);
    expect(awareness.apply(sender, [entry(1, 2, ' null ')])).toEqual([entry(1, 2, 'null')]);
    expect(awareness.snapshot()).toEqual([]);
  });

  it('drops an entry for another peer’s id without parsing it', () => {
    const { awareness, join } = registry();
    const [owner, other] = [join(), join()];
    awareness.apply(owner, [entry(1, 1, { a: 1 })]);
    expect(awareness.apply(other, [entry(1, 9, '{bad')])).toEqual([]);
    expect(awareness.snapshot()).toEqual([entry(1, 1, { a: 1 })]);
  });

  it('refuses more than maxClientsPerPeer ids with forbidden, storing none of them', () => {
    const { awareness, join } = registry({ maxClientsPerPeer: 2 });
    const sender = join();
    const error = rejection(() =>
      awareness.apply(
        sender,
        [1, 2, 3].map((id) => entry(id, 1, {})),
      ),
    );
    expect(error.code).toBe('forbidden');
    expect(awareness.snapshot()).toEqual([]);
  });
});

describe('AwarenessRegistry: removed ids', () => {
  /** X shows presence as id 7 at clock 3, seen by `echoer`, then leaves. */
  function departed(options: Partial<AwarenessRegistryOptions> = {}) {
    const setup = registry(options);
    const echoer = setup.join();
    const x = setup.join();
    setup.awareness.apply(x, [entry(7, 3, { user: { name: 'X' } })]);
    expect(setup.awareness.removePeer(x)).toEqual([entry(7, 4, 'null')]);
    return { ...setup, echoer };
  }

  it('drops a late echo from a peer that was connected when the id was removed', () => {
    const { awareness, echoer } = departed();
    expect(awareness.apply(echoer, [entry(7, 3, { user: { name: 'X' } })])).toEqual([]);
    // Even with a higher clock: only the departed client itself could have produced it.
    expect(awareness.apply(echoer, [entry(7, 9, { user: { name: 'X' } })])).toEqual([]);
    expect(awareness.snapshot()).toEqual([]);
    expect(echoer.awarenessClientIds.size).toBe(0);
  });

  it('takes a peer never added as connected all along', () => {
    const { awareness } = departed();
    expect(awareness.apply(peer(), [entry(7, 3, { a: 1 })])).toEqual([]);
  });

  it('lets the client come back on a new connection, relayed above the removal’s clock', () => {
    const { awareness, join } = departed();
    const back = join();
    // A reconnecting y-websocket client resends its state with its unchanged clock.
    expect(awareness.apply(back, [entry(7, 3, { user: { name: 'X' } })])).toEqual([
      entry(7, 5, { user: { name: 'X' } }),
    ]);
    // It keeps counting from its own clock; the relayed clock stays ahead of the removal.
    expect(awareness.apply(back, [entry(7, 4, { user: { name: 'X' }, step: 1 })])).toEqual([
      entry(7, 6, { user: { name: 'X' }, step: 1 }),
    ]);
    expect(awareness.apply(back, [entry(7, 4, { stale: true })])).toEqual([]);
    expect(back.awarenessClientIds).toEqual(new Set([7]));
  });

  it('counts from the relayed clock once the client took it, so its echo is not relayed again', () => {
    const { awareness, join } = departed();
    const back = join();
    awareness.apply(back, [entry(7, 3, { a: 1 })]);
    // Its own state came back to it at clock 5 (several senders in one turn), and it echoed that.
    expect(awareness.apply(back, [entry(7, 5, { a: 1 })])).toEqual([]);
    expect(awareness.apply(back, [entry(7, 6, { a: 2 })])).toEqual([entry(7, 6, { a: 2 })]);
  });

  it('hears the next step of a client that sent null before it left, one clock above its return', () => {
    const { awareness, join } = registry();
    const x = join();
    awareness.apply(x, [entry(7, 1, { step: 1 })]);
    // y-websocket's disconnect() sends its own state as null at an unchanged clock.
    awareness.apply(x, [entry(7, 1, 'null')]);
    expect(awareness.removePeer(x)).toEqual([]);
    const back = join();
    expect(awareness.apply(back, [entry(7, 1, { step: 1 })])).toEqual([entry(7, 2, { step: 1 })]);
    // Its own next clock is the one its return was relayed with; the state tells them apart.
    expect(awareness.apply(back, [entry(7, 2, { step: 2 })])).toEqual([entry(7, 3, { step: 2 })]);
  });

  it('accepts the id from anyone once the tombstone expired', () => {
    const { awareness, echoer, advanceMs } = departed({ tombstoneTtlMs: 30_000 });
    advanceMs(30_001);
    expect(awareness.apply(echoer, [entry(7, 3, { a: 1 })])).toEqual([entry(7, 3, { a: 1 })]);
  });

  it('keeps at most maxTombstones, forgetting the oldest first', () => {
    const { awareness, join } = registry({ maxTombstones: 2 });
    const echoer = join();
    for (const clientId of [1, 2, 3]) {
      const leaving = join();
      awareness.apply(leaving, [entry(clientId, 1, { a: clientId })]);
      awareness.removePeer(leaving);
    }
    expect(awareness.apply(echoer, [entry(3, 1, { a: 3 })])).toEqual([]);
    expect(awareness.apply(echoer, [entry(2, 1, { a: 2 })])).toEqual([]);
    expect(awareness.apply(echoer, [entry(1, 1, { a: 1 })])).toEqual([entry(1, 1, { a: 1 })]);
  });

  it('leaves a tombstone for an id whose state was already null, without a second removal', () => {
    const { awareness, join } = registry();
    const [echoer, x] = [join(), join()];
    awareness.apply(x, [entry(7, 1, { a: 1 })]);
    awareness.apply(x, [entry(7, 2, 'null')]);
    expect(awareness.removePeer(x)).toEqual([]);
    expect(awareness.apply(echoer, [entry(7, 1, { a: 1 })])).toEqual([]);
  });
});

describe('AwarenessRegistry: server-stamped identity', () => {
  const stamped = { id: 'u-ada', name: 'Ada', color: '#d33', role: 'author' };

  it('overwrites the user a client claims and keeps its other fields', () => {
    const { awareness, join } = registry();
    const sender = join(ada);
    const claim = { user: { id: 'u-bob', name: 'Bob', color: '#000', role: 'owner' }, selection: { a: 1 } };
    const [relayed] = awareness.apply(sender, [entry(1, 1, claim)]);
    expect(JSON.parse(relayed!.state)).toEqual({ user: stamped, selection: { a: 1 } });
    expect(awareness.snapshot()).toEqual([relayed]);
  });

  it('adds the user to a state that has none', () => {
    const { awareness, join } = registry();
    const [relayed] = awareness.apply(join(ada), [entry(1, 1, { activity: 'typing' })]);
    expect(JSON.parse(relayed!.state)).toEqual({ activity: 'typing', user: stamped });
  });

  it('does not stamp a null state, nor an anonymous peer’s', () => {
    const { awareness, join } = registry();
    const sender = join(ada);
    awareness.apply(sender, [entry(1, 1, {})]);
    expect(awareness.apply(sender, [entry(1, 2, 'null')])).toEqual([entry(1, 2, 'null')]);
    const text = '{ "user": {"name": "anyone"} }';
    expect(awareness.apply(join(), [entry(2, 1, text)])).toEqual([entry(2, 1, text)]);
  });
});

import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { AppError, type ErrorCode } from '@wethink/shared';
import { MAX_CLOCK, inspectUpdate } from '../../src/sync/update-guard';

/** The server side of the guard as the room uses it: its Y.Doc and who owns which client id. */
class GuardedDoc {
  readonly doc = new Y.Doc();
  readonly owners = new Map<number, string>();

  inspect(update: Uint8Array, principal: string): Set<number> {
    return inspectUpdate(update, {
      stateOf: (clientId) => Y.getState(this.doc.store, clientId),
      ownerOf: (clientId) => this.owners.get(clientId),
      principal,
    });
  }

  /** What Room.acceptUpdate does with an update the guard let through. */
  accept(update: Uint8Array, principal: string): Set<number> {
    const claims = this.inspect(update, principal);
    for (const clientId of claims) this.owners.set(clientId, principal);
    Y.applyUpdate(this.doc, update);
    return claims;
  }

  get hasPending(): boolean {
    return this.doc.store.pendingStructs !== null || this.doc.store.pendingDs !== null;
  }
}

function docAs(clientId: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientId;
  return doc;
}

/** Runs `change` on `doc` in one transaction and returns the update it emitted (what a provider sends). */
function edit(doc: Y.Doc, change: (doc: Y.Doc) => void): Uint8Array {
  const updates: Uint8Array[] = [];
  const record = (update: Uint8Array): void => {
    updates.push(update);
  };
  doc.on('update', record);
  doc.transact(() => change(doc));
  doc.off('update', record);
  if (updates.length !== 1) throw new Error(`expected one update, got ${updates.length}`);
  return updates[0]!;
}

function expectRejected(run: () => unknown, code: ErrorCode): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected AppError '${code}'`).toBeInstanceOf(AppError);
  expect((caught as AppError).code).toBe(code);
}

const ALICE = 'user:alice';
const BOB = 'user:bob';

describe('inspectUpdate', () => {
  it('accepts an author’s new structs and returns its client id as a claim', () => {
    const server = new GuardedDoc();
    const alice = docAs(1);
    const first = edit(alice, (d) => d.getText('t').insert(0, 'hello'));
    expect([...server.inspect(first, ALICE)]).toEqual([1]);
    server.accept(first, ALICE);
    const second = edit(alice, (d) => d.getText('t').insert(5, ' world'));
    expect([...server.accept(second, ALICE)]).toEqual([]);
    expect(server.doc.getText('t').toString()).toBe('hello world');
  });

  it('claims every new client id in one update, and none for an update of deletes only', () => {
    const server = new GuardedDoc();
    const a = docAs(1);
    const b = docAs(2);
    a.getText('t').insert(0, 'aa');
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    b.getText('t').insert(2, 'bb');
    expect([...server.inspect(Y.encodeStateAsUpdate(b), ALICE)].sort()).toEqual([1, 2]);
    server.accept(Y.encodeStateAsUpdate(b), ALICE);
    const deletion = edit(b, (d) => d.getText('t').delete(0, 4));
    expect([...server.accept(deletion, ALICE)]).toEqual([]);
  });

  it('accepts a duplicate from anyone, including a principal that owns nothing', () => {
    const server = new GuardedDoc();
    const alice = docAs(1);
    const update = edit(alice, (d) => d.getText('t').insert(0, 'mine'));
    server.accept(update, ALICE);
    expect([...server.inspect(update, BOB)]).toEqual([]);
    expect([...server.inspect(Y.encodeStateAsUpdate(alice), BOB)]).toEqual([]);
    server.accept(update, BOB);
    expect(server.owners.get(1)).toBe(ALICE);
  });

  it('rejects new structs under a client id another principal owns as forged-client-id', () => {
    const server = new GuardedDoc();
    const alice = docAs(1);
    server.accept(
      edit(alice, (d) => d.getText('t').insert(0, 'alice wrote this')),
      ALICE,
    );
    const impostor = new Y.Doc();
    Y.applyUpdate(impostor, Y.encodeStateAsUpdate(server.doc));
    impostor.clientID = 1;
    const forged = edit(impostor, (d) => d.getText('t').insert(0, 'not alice: '));
    expectRejected(() => server.inspect(forged, BOB), 'forged-client-id');
    // The rightful owner may still write the same range.
    expect(() => server.inspect(forged, ALICE)).not.toThrow();
  });

  it('rejects a struct that starts past the server’s clock for its client as clock-gap', () => {
    const server = new GuardedDoc();
    const alice = docAs(1);
    const first = edit(alice, (d) => d.getText('t').insert(0, 'abc'));
    const second = edit(alice, (d) => d.getMap('m').set('k', 1));
    expectRejected(() => server.inspect(second, ALICE), 'clock-gap');
    server.accept(first, ALICE);
    expect(() => server.accept(second, ALICE)).not.toThrow();
    expect(server.hasPending).toBe(false);
  });

  it('rejects an item whose origin the server has never seen as clock-gap', () => {
    const server = new GuardedDoc();
    const alice = docAs(1);
    const bob = docAs(2);
    const aliceUpdate = edit(alice, (d) => d.getText('t').insert(0, 'abc'));
    Y.applyUpdate(bob, aliceUpdate);
    const bobUpdate = edit(bob, (d) => d.getText('t').insert(1, 'X'));
    expectRejected(() => server.inspect(bobUpdate, BOB), 'clock-gap');
    server.accept(aliceUpdate, ALICE);
    server.accept(bobUpdate, BOB);
    expect(server.doc.getText('t').toString()).toBe('aXbc');
  });

  it('rejects an item whose right origin the server has never seen as clock-gap', () => {
    const server = new GuardedDoc();
    const alice = docAs(1);
    const bob = docAs(2);
    Y.applyUpdate(
      bob,
      edit(alice, (d) => d.getText('t').insert(0, 'abc')),
    );
    // Inserted at 0: no left origin, the right origin is alice's first character.
    const bobUpdate = edit(bob, (d) => d.getText('t').insert(0, 'X'));
    expectRejected(() => server.inspect(bobUpdate, BOB), 'clock-gap');
  });

  it('rejects an item whose parent the server has never seen as clock-gap', () => {
    const server = new GuardedDoc();
    const alice = docAs(1);
    const bob = docAs(2);
    Y.applyUpdate(
      bob,
      edit(alice, (d) => d.getArray('a').insert(0, [new Y.Map()])),
    );
    // The first key of an empty nested map has neither origin: only its parent is alice's map.
    const bobUpdate = edit(bob, (d) => (d.getArray('a').get(0) as Y.Map<number>).set('k', 1));
    expectRejected(() => server.inspect(bobUpdate, BOB), 'clock-gap');
  });

  it('rejects a delete past what the server has of another principal’s client as future-delete', () => {
    const server = new GuardedDoc();
    const alice = docAs(1);
    const bob = docAs(2);
    const sent = edit(alice, (d) => d.getText('t').insert(0, 'abc'));
    const unsent = edit(alice, (d) => d.getText('t').insert(3, 'def'));
    server.accept(sent, ALICE);
    Y.applyUpdate(bob, sent);
    Y.applyUpdate(bob, unsent);
    const deletion = edit(bob, (d) => d.getText('t').delete(3, 3));
    expectRejected(() => server.inspect(deletion, BOB), 'future-delete');
    // Within what the server has, the same author may delete alice's text.
    expect(() =>
      server.inspect(
        edit(bob, (d) => d.getText('t').delete(0, 1)),
        BOB,
      ),
    ).not.toThrow();
  });

  it('rejects a delete of a client id the server has never seen as future-delete', () => {
    const server = new GuardedDoc();
    const alice = docAs(1);
    const bob = docAs(2);
    Y.applyUpdate(
      bob,
      edit(alice, (d) => d.getText('t').insert(0, 'abc')),
    );
    const deletion = edit(bob, (d) => d.getText('t').delete(0, 1));
    expectRejected(() => server.inspect(deletion, BOB), 'future-delete');
  });

  it('refuses a delete past the server’s clock of the same principal’s client as clock-gap (its other tab resyncs)', () => {
    const server = new GuardedDoc();
    const tab1 = docAs(1);
    const tab2 = docAs(2);
    const sent = edit(tab1, (d) => d.getText('t').insert(0, 'abc'));
    server.accept(sent, ALICE);
    const delayed = edit(tab1, (d) => d.getText('t').insert(3, 'def'));
    Y.applyUpdate(tab2, sent);
    Y.applyUpdate(tab2, delayed);
    const deletion = edit(tab2, (d) => d.getText('t').delete(3, 3));
    expectRejected(() => server.inspect(deletion, ALICE), 'clock-gap');
    // The resync after the 4409 carries the other tab's text with the delete: both land.
    server.accept(Y.encodeStateAsUpdate(tab2, Y.encodeStateVector(server.doc)), ALICE);
    expect(server.doc.getText('t').toString()).toBe('abc');
    expect(server.hasPending).toBe(false);
  });

  it('refuses a delete reaching a million clocks into the writer’s own future (issue 16)', () => {
    const server = new GuardedDoc();
    const alice = docAs(1);
    server.accept(
      edit(alice, (d) => d.getText('t').insert(0, 'abc')),
      ALICE,
    );
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0); // no structs
    encoding.writeVarUint(encoder, 1); // delete set: one client
    encoding.writeVarUint(encoder, 1); // alice's own client id
    encoding.writeVarUint(encoder, 1); // one range
    encoding.writeVarUint(encoder, 3); // from her next clock
    encoding.writeVarUint(encoder, 1_000_000);
    expectRejected(() => server.inspect(encoding.toUint8Array(encoder), ALICE), 'clock-gap');
    server.accept(
      edit(alice, (d) => d.getText('t').insert(3, 'def')),
      ALICE,
    );
    expect(server.doc.getText('t').toString()).toBe('abcdef');
  });

  it.each([
    ['empty bytes', new Uint8Array(0)],
    ['one 0xff', Uint8Array.of(0xff)],
    ['random bytes', Uint8Array.of(0x85, 0x12, 0xfe, 0x01, 0x33, 0x99, 0x07)],
    ['a struct count with nothing after it', Uint8Array.of(1, 5)],
  ])('rejects %s as malformed-message', (_what, bytes) => {
    expectRejected(() => new GuardedDoc().inspect(bytes, ALICE), 'malformed-message');
  });

  it('rejects a struct range past MAX_CLOCK as malformed-message', () => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 1); // clients with structs
    encoding.writeVarUint(encoder, 1); // structs of this client
    encoding.writeVarUint(encoder, 7); // client
    encoding.writeVarUint(encoder, MAX_CLOCK); // first clock
    encoding.writeUint8(encoder, 0); // a GC struct
    encoding.writeVarUint(encoder, 5); // its length
    encoding.writeVarUint(encoder, 0); // empty delete set
    expectRejected(
      () => new GuardedDoc().inspect(encoding.toUint8Array(encoder), ALICE),
      'malformed-message',
    );
  });

  it('rejects a delete range past MAX_CLOCK as malformed-message', () => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0); // no structs
    encoding.writeVarUint(encoder, 1); // delete set: one client
    encoding.writeVarUint(encoder, 7); // client
    encoding.writeVarUint(encoder, 1); // one range
    encoding.writeVarUint(encoder, 0); // clock
    encoding.writeVarUint(encoder, MAX_CLOCK + 1); // length
    expectRejected(
      () => new GuardedDoc().inspect(encoding.toUint8Array(encoder), ALICE),
      'malformed-message',
    );
  });
});

/**
 * Tabs A (client 1) and B (client 2) of one browser, sharing a BroadcastChannel as stock
 * y-websocket providers do. Both are signed in as the same user, so they write as one principal.
 * A types 'x'; B gets it over the channel before A's socket delivered it; then B answers the
 * server's sync step 1 with everything the server lacks, A's 'x' included; A then types 'y'.
 */
const ADA = 'user:ada';
function relayedTabs() {
  const server = new GuardedDoc();
  const a = docAs(1);
  const b = docAs(2);
  const aFirst = edit(a, (d) => d.getText('t').insert(0, 'x'));
  Y.applyUpdate(b, aFirst, 'broadcast');
  server.accept(Y.encodeStateAsUpdate(b, Y.encodeStateVector(server.doc)), ADA);
  const aSecond = edit(a, (d) => d.getText('t').insert(1, 'y'));
  Y.applyUpdate(b, aSecond, 'broadcast');
  return { server, a, b, aFirst, aSecond };
}

describe('client ids relayed by the same user’s other tab', () => {
  it('still accepts the author’s own next edit after another tab relayed an earlier one', () => {
    const { server, aFirst, aSecond } = relayedTabs();
    server.accept(aFirst, ADA);
    expect(() => server.accept(aSecond, ADA)).not.toThrow();
    expect(server.doc.getText('t').toString()).toBe('xy');
  });

  it('lands a delete of text the other tab has not sent yet once that text arrives', () => {
    const { server, b, aSecond } = relayedTabs();
    const deletion = edit(b, (d) => d.getText('t').delete(1, 1));
    expectRejected(() => server.accept(deletion, ADA), 'clock-gap');
    server.accept(aSecond, ADA);
    server.accept(deletion, ADA);
    expect(server.doc.getText('t').toString()).toBe('x');
    expect(server.hasPending).toBe(false);
  });

  it('refuses another user’s relay of those client ids and their deletes ahead', () => {
    const { server, aSecond } = relayedTabs();
    const mallory = docAs(3);
    Y.applyUpdate(mallory, Y.encodeStateAsUpdate(server.doc));
    Y.applyUpdate(mallory, aSecond);
    expectRejected(
      () => server.accept(Y.encodeStateAsUpdate(mallory, Y.encodeStateVector(server.doc)), 'user:mallory'),
      'forged-client-id',
    );
    const deletion = edit(mallory, (d) => d.getText('t').delete(1, 1));
    expectRejected(() => server.accept(deletion, 'user:mallory'), 'future-delete');
  });
});

// ---------------------------------------------------------------------------------------------
// Property: a simulated room with k honest tabs. Each tab's local edits go to the server over its
// own FIFO socket and, when the tabs share a browser, to the other tabs over FIFO BroadcastChannel
// links (y-websocket's default). Channels interleave in random order; tabs disconnect and
// reconnect (answering the server's sync step 1 with a step 2, as a stock provider does). Tabs
// that share a channel share a browser and so a signed-in user: one principal. Tabs that do not
// are separate people: a new principal per connection. The server runs the guard like
// Room.acceptUpdate; whatever it accepts never leaves structs pending, leaves deletes pending only
// for the writer's own other tabs, and once every tab reconnects and all traffic drains, the
// server and every tab hold the same text with nothing pending.

type Action =
  | { kind: 'insert'; tab: number; at: number; text: string }
  | { kind: 'delete'; tab: number; at: number; length: number }
  | { kind: 'broadcast'; from: number; to: number }
  | { kind: 'toServer'; tab: number }
  | { kind: 'fromServer'; tab: number }
  | { kind: 'disconnect'; tab: number }
  | { kind: 'connect'; tab: number };

interface Tab {
  doc: Y.Doc;
  principal: string | null;
  toServer: Uint8Array[];
  fromServer: Uint8Array[];
}

const isEmptyUpdate = (update: Uint8Array): boolean =>
  update.length === 2 && update[0] === 0 && update[1] === 0;

class SimulatedRoom {
  readonly server = new GuardedDoc();
  readonly tabs: Tab[];
  /** `${from}>${to}` → FIFO of updates in flight on that BroadcastChannel link. */
  private readonly links = new Map<string, Uint8Array[]>();
  private connections = 0;
  private readonly trace: string[] = [];

  private readonly sharedUser: string | null;

  constructor(size: number, options: { hasBroadcastChannel: boolean }) {
    this.sharedUser = options.hasBroadcastChannel ? 'user:ada' : null;
    this.tabs = Array.from({ length: size }, (_, index) => {
      const tab: Tab = { doc: docAs(index + 1), principal: null, toServer: [], fromServer: [] };
      tab.doc.on('update', (update: Uint8Array, origin: unknown) => {
        if (origin !== null) return; // only local edits go out, as in y-websocket
        if (tab.principal) tab.toServer.push(update);
        if (!options.hasBroadcastChannel) return;
        for (let to = 0; to < size; to++) if (to !== index) this.link(index, to).push(update);
      });
      return tab;
    });
    this.tabs.forEach((_, tab) => this.run({ kind: 'connect', tab }));
  }

  private link(from: number, to: number): Uint8Array[] {
    const key = `${from}>${to}`;
    let queue = this.links.get(key);
    if (!queue) this.links.set(key, (queue = []));
    return queue;
  }

  run(action: Action): void {
    this.trace.push(JSON.stringify(action));
    if (action.kind === 'broadcast') {
      const from = action.from % this.tabs.length;
      const to = action.to % this.tabs.length;
      const update = from === to ? undefined : this.link(from, to).shift();
      if (update) Y.applyUpdate(this.tabs[to]!.doc, update, 'broadcast');
      return;
    }
    const tab = this.tabs[action.tab % this.tabs.length]!;
    const text = tab.doc.getText('t');
    switch (action.kind) {
      case 'insert':
        text.insert(action.at % (text.length + 1), action.text);
        return;
      case 'delete': {
        if (text.length === 0) return;
        const at = action.at % text.length;
        text.delete(at, Math.min(action.length, text.length - at));
        return;
      }
      case 'fromServer': {
        const update = tab.fromServer.shift();
        if (update) Y.applyUpdate(tab.doc, update, 'server');
        return;
      }
      case 'toServer':
        this.deliverToServer(tab);
        return;
      case 'disconnect':
        if (tab.principal) this.disconnect(tab);
        return;
      case 'connect':
        if (tab.principal) return;
        tab.principal = this.sharedUser ?? `anonymous:${++this.connections}`;
        // Each side answers the other's sync step 1 with what the other lacks.
        tab.toServer.push(Y.encodeStateAsUpdate(tab.doc, Y.encodeStateVector(this.server.doc)));
        tab.fromServer.push(Y.encodeStateAsUpdate(this.server.doc, Y.encodeStateVector(tab.doc)));
        return;
    }
  }

  private deliverToServer(tab: Tab): void {
    const update = tab.toServer.shift();
    if (!update || !tab.principal || isEmptyUpdate(update)) return;
    const principal = tab.principal;
    let claims: Set<number>;
    try {
      claims = this.server.inspect(update, principal);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      this.trace.push(`  server rejected it: ${error.code} (${error.message})`);
      this.disconnect(tab);
      return;
    }
    for (const clientId of claims) this.server.owners.set(clientId, principal);
    Y.applyUpdate(this.server.doc, update, principal);
    this.trace.push(`  server accepted it as ${principal}, claims [${[...claims].join(', ')}]`);
    const store = this.server.doc.store;
    // Nobody, not even the same user's other tab, leaves a delete of unwritten clocks behind.
    if (store.pendingStructs || store.pendingDs) {
      const what = store.pendingStructs ? 'pendingStructs' : 'pendingDs';
      throw new Error(`accepted update left ${what} set; actions:\n${this.trace.join('\n')}`);
    }
    for (const other of this.tabs) if (other !== tab && other.principal) other.fromServer.push(update);
  }

  /** Every tab back online and every queue drained: then all must agree, with nothing pending. */
  settle(): void {
    for (let round = 0; round < 50; round++) {
      let moved = false;
      this.tabs.forEach((tab, index) => {
        if (!tab.principal) this.run({ kind: 'connect', tab: index });
        for (let to = 0; to < this.tabs.length; to++) {
          const update = to === index ? undefined : this.link(index, to).shift();
          if (update) Y.applyUpdate(this.tabs[to]!.doc, update, 'broadcast');
          moved ||= update !== undefined;
        }
        moved ||= tab.toServer.length > 0 || tab.fromServer.length > 0;
        while (tab.toServer.length > 0 && tab.principal) this.deliverToServer(tab);
        while (tab.fromServer.length > 0) this.run({ kind: 'fromServer', tab: index });
      });
      if (!moved) break;
    }
    const text = this.server.doc.getText('t').toString();
    const context = `actions:\n${this.trace.join('\n')}`;
    expect(this.server.hasPending, context).toBe(false);
    for (const tab of this.tabs) expect(tab.doc.getText('t').toString(), context).toBe(text);
  }

  /** What Room.leave does for an anonymous peer: its client ids become free again (a user's stay bound). */
  private disconnect(tab: Tab): void {
    for (const [clientId, owner] of this.server.owners)
      if (owner === tab.principal && owner.startsWith('anonymous:')) this.server.owners.delete(clientId);
    tab.principal = null;
    tab.toServer = [];
    tab.fromServer = [];
  }
}

const tabArb = fc.nat(3);
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      tab: tabArb,
      at: fc.nat(),
      text: fc.string({ minLength: 1, maxLength: 4 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('delete' as const),
      tab: tabArb,
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 4 }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('broadcast' as const), from: tabArb, to: tabArb }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('toServer' as const), tab: tabArb }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('fromServer' as const), tab: tabArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('disconnect' as const), tab: tabArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('connect' as const), tab: tabArb }) },
);

function honestTabsProperty(hasBroadcastChannel: boolean) {
  return fc.property(
    fc.integer({ min: 2, max: 4 }),
    // size 'max': without it fast-check keeps arrays near ten actions, too short for a reconnect story.
    fc.array(actionArb, { minLength: 1, maxLength: 150, size: 'max' }),
    (size, actions) => {
      const room = new SimulatedRoom(size, { hasBroadcastChannel });
      for (const action of actions) room.run(action);
      room.settle();
    },
  );
}

describe('inspectUpdate against honest tabs', () => {
  it('lets separate people’s tabs converge through the server, nothing ever pending', () => {
    fc.assert(honestTabsProperty(false), { numRuns: 1000 });
  });

  it('lets one user’s tabs that share a BroadcastChannel converge through the server', () => {
    fc.assert(honestTabsProperty(true), { numRuns: 1000 });
  });
});

import fc from 'fast-check';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

/**
 * Yjs v1 updates written struct by struct with lib0, so a test can say what no Yjs client would:
 * empty structs, huge lengths, GC and Skip structs, items whose origins or parents nobody wrote,
 * deletes of ranges nobody wrote. Every one decodes: the guard must judge it on its structure.
 */
export type OddContent =
  | { kind: 'string'; text: string }
  | { kind: 'deleted'; length: number }
  | { kind: 'any'; values: number[] }
  | { kind: 'json'; values: string[] }
  | { kind: 'binary' }
  | { kind: 'embed' }
  | { kind: 'format' }
  | { kind: 'type'; typeRef: number }
  | { kind: 'doc' };

export type OddStruct =
  | { kind: 'gc'; length: number }
  | { kind: 'skip'; length: number }
  | {
      kind: 'item';
      content: OddContent;
      /** Left origin, or null: then the parent is `parent` (a root name or an item id). */
      origin: { client: number; clock: number } | null;
      parent: string | { client: number; clock: number };
      parentSub: string | null;
    };

export interface OddUpdate {
  client: number;
  clock: number;
  structs: OddStruct[];
  deletes: { client: number; clock: number; length: number }[];
}

const CONTENT_REF = {
  deleted: 1,
  json: 2,
  binary: 3,
  string: 4,
  embed: 5,
  format: 6,
  type: 7,
  any: 8,
  doc: 9,
};

export function encodeOddUpdate(update: OddUpdate): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  const rest = encoder.restEncoder;
  encoding.writeVarUint(rest, update.structs.length > 0 ? 1 : 0);
  if (update.structs.length > 0) {
    encoding.writeVarUint(rest, update.structs.length);
    encoder.writeClient(update.client);
    encoding.writeVarUint(rest, update.clock);
    for (const struct of update.structs) writeStruct(encoder, struct);
  }
  const byClient = new Map<number, OddUpdate['deletes']>();
  for (const range of update.deletes) {
    const list = byClient.get(range.client) ?? [];
    list.push(range);
    byClient.set(range.client, list);
  }
  encoding.writeVarUint(rest, byClient.size);
  for (const [client, ranges] of byClient) {
    encoder.resetDsCurVal();
    encoding.writeVarUint(rest, client);
    encoding.writeVarUint(rest, ranges.length);
    for (const range of ranges) {
      encoder.writeDsClock(range.clock);
      encoder.writeDsLen(range.length);
    }
  }
  return encoder.toUint8Array();
}

function writeStruct(encoder: Y.UpdateEncoderV1, struct: OddStruct): void {
  if (struct.kind === 'gc' || struct.kind === 'skip') {
    encoder.writeInfo(struct.kind === 'gc' ? 0 : 10);
    encoder.writeLen(struct.length);
    return;
  }
  const { content, origin, parent, parentSub } = struct;
  const info = CONTENT_REF[content.kind] | (origin ? 0x80 : 0) | (!origin && parentSub !== null ? 0x20 : 0);
  encoder.writeInfo(info);
  if (origin) {
    encoder.writeLeftID(Y.createID(origin.client, origin.clock));
  } else {
    const isRoot = typeof parent === 'string';
    encoder.writeParentInfo(isRoot);
    if (isRoot) encoder.writeString(parent);
    else encoder.writeLeftID(Y.createID(parent.client, parent.clock));
    if (parentSub !== null) encoder.writeString(parentSub);
  }
  switch (content.kind) {
    case 'string':
      encoder.writeString(content.text);
      return;
    case 'deleted':
      encoder.writeLen(content.length);
      return;
    case 'any':
      encoder.writeLen(content.values.length);
      for (const value of content.values) encoder.writeAny(value);
      return;
    case 'json':
      encoder.writeLen(content.values.length);
      for (const value of content.values) encoder.writeString(value);
      return;
    case 'binary':
      encoder.writeBuf(Uint8Array.of(1, 2, 3));
      return;
    case 'embed':
      encoder.writeJSON({ image: 'x' });
      return;
    case 'format':
      encoder.writeKey('bold');
      encoder.writeJSON(true);
      return;
    case 'type':
      encoder.writeTypeRef(content.typeRef);
      if (content.typeRef === 3 || content.typeRef === 5) encoder.writeKey('paragraph');
      return;
    case 'doc':
      encoder.writeString('subdoc-guid');
      encoder.writeAny({});
      return;
  }
}

/** Ids an odd update may point at: the author's real items, the attacker's own, and nobody's. */
export interface OddTargets {
  attacker: number;
  author: number;
  authorClock: number;
  rootName: string;
}

const lengthArb = fc.oneof(
  { weight: 2, arbitrary: fc.constant(0) },
  { weight: 2, arbitrary: fc.integer({ min: 1, max: 5 }) },
  fc.constantFrom(2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 53 - 1),
);

function idArb(targets: OddTargets): fc.Arbitrary<{ client: number; clock: number }> {
  return fc.oneof(
    fc.record({
      client: fc.constant(targets.author),
      clock: fc.integer({ min: 0, max: targets.authorClock + 3 }),
    }),
    fc.record({ client: fc.constant(targets.attacker), clock: fc.integer({ min: 0, max: 6 }) }),
    fc.record({ client: fc.integer({ min: 0, max: 2 ** 32 + 5 }), clock: fc.nat(10) }),
  );
}

export function oddUpdateArb(targets: OddTargets): fc.Arbitrary<OddUpdate> {
  const content: fc.Arbitrary<OddContent> = fc.oneof(
    fc.record({ kind: fc.constant('string' as const), text: fc.string({ maxLength: 3 }) }),
    fc.record({ kind: fc.constant('deleted' as const), length: lengthArb }),
    fc.record({ kind: fc.constant('any' as const), values: fc.array(fc.integer(), { maxLength: 2 }) }),
    fc.record({ kind: fc.constant('json' as const), values: fc.array(fc.constant('1'), { maxLength: 2 }) }),
    fc.constant({ kind: 'binary' as const }),
    fc.constant({ kind: 'embed' as const }),
    fc.constant({ kind: 'format' as const }),
    fc.record({ kind: fc.constant('type' as const), typeRef: fc.integer({ min: 0, max: 6 }) }),
    fc.constant({ kind: 'doc' as const }),
  );
  const struct: fc.Arbitrary<OddStruct> = fc.oneof(
    fc.record({ kind: fc.constant('gc' as const), length: lengthArb }),
    fc.record({ kind: fc.constant('skip' as const), length: lengthArb }),
    fc.record({
      kind: fc.constant('item' as const),
      content,
      origin: fc.option(idArb(targets), { nil: null }),
      parent: fc.oneof(fc.constantFrom(targets.rootName, 'other-root'), idArb(targets)),
      parentSub: fc.option(fc.constantFrom('k', 'fz'), { nil: null }),
    }),
  );
  return fc.record({
    client: fc.oneof(
      { weight: 3, arbitrary: fc.constant(targets.attacker) },
      fc.constant(targets.author),
      fc.constantFrom(0, 2 ** 32, 2 ** 53 - 1),
    ),
    clock: fc.oneof(
      { weight: 3, arbitrary: fc.constant(0) },
      fc.integer({ min: 1, max: 4 }),
      fc.constant(2 ** 32 - 2),
    ),
    structs: fc.array(struct, { minLength: 0, maxLength: 4 }),
    deletes: fc.array(
      fc.record({
        client: fc.oneof(fc.constant(targets.author), fc.constant(targets.attacker), fc.nat(2 ** 32 + 5)),
        clock: fc.oneof(fc.nat(8), fc.constant(2 ** 32 - 1)),
        length: lengthArb,
      }),
      { maxLength: 3 },
    ),
  });
}

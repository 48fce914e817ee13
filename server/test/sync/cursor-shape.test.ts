import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { isReadableCursor } from '../../src/sync/cursor-shape';

/** What y-prosemirror's cursor plugin does with another client's cursor, minus the DOM. */
function drawCursor(doc: Y.Doc, cursor: unknown): void {
  if (cursor == null) return;
  const { anchor, head } = cursor as { anchor: unknown; head: unknown };
  for (const json of [anchor, head]) {
    Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(json), doc);
  }
}

describe('isReadableCursor', () => {
  const doc = new Y.Doc();
  const text = doc.getXmlFragment('chapter');
  text.insert(0, [new Y.XmlText('hello')]);
  const honest = (index: number) =>
    Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text.get(0) as Y.XmlText, index));

  it('accepts what y-prosemirror writes, and null', () => {
    expect(isReadableCursor({ anchor: honest(1), head: honest(3) })).toBe(true);
    expect(isReadableCursor(null)).toBe(true);
    expect(isReadableCursor(undefined)).toBe(true);
  });

  it('accepts nothing that Yjs would throw on while drawing it', () => {
    const id = fc.record({
      client: fc.oneof(fc.nat(), fc.string(), fc.constant(-1)),
      clock: fc.oneof(fc.nat(), fc.constant('b')),
    });
    const position = fc.oneof(
      fc.anything(),
      fc.record(
        {
          type: fc.oneof(id, fc.anything()),
          tname: fc.oneof(fc.string(), fc.anything()),
          item: fc.oneof(id, fc.anything()),
          assoc: fc.oneof(fc.integer(), fc.anything()),
        },
        { requiredKeys: [] },
      ),
    );
    const cursor = fc.oneof(fc.anything(), fc.record({ anchor: position, head: position }));
    fc.assert(
      fc.property(cursor, (value) => {
        if (!isReadableCursor(value)) return;
        expect(() => drawCursor(doc, value)).not.toThrow();
      }),
      { numRuns: 5000 },
    );
  });
});

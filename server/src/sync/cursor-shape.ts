/**
 * Whether an awareness state's `cursor` is something y-prosemirror's cursor plugin can read in
 * every other client: absent, null, or `{ anchor, head }` of relative positions as
 * `Y.relativePositionToJSON` writes them. Anything else makes Yjs throw inside each watcher's
 * editor as it draws the cursor (`createAbsolutePositionFromRelativePosition`: "Unexpected case"),
 * so one client could break the editors of everyone in the chapter.
 */
export function isReadableCursor(cursor: unknown): boolean {
  if (cursor === undefined || cursor === null) return true;
  if (!isRecord(cursor)) return false;
  return isRelativePosition(cursor.anchor) && isRelativePosition(cursor.head);
}

function isRelativePosition(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const { type, tname, item, assoc } = value;
  const hasTarget = isPresent(type) || isPresent(tname) || isPresent(item);
  return (
    hasTarget &&
    (!isPresent(type) || isId(type)) &&
    (!isPresent(tname) || typeof tname === 'string') &&
    (!isPresent(item) || isId(item)) &&
    (!isPresent(assoc) || Number.isSafeInteger(assoc))
  );
}

function isId(value: unknown): boolean {
  return isRecord(value) && isUint(value.client) && isUint(value.clock);
}

const isUint = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 0;
const isPresent = (value: unknown): boolean => value !== undefined && value !== null;
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

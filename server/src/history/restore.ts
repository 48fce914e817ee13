import * as Y from 'yjs';
import { chapterFragment } from '@wethink/shared';

/** Past this many cells the block alignment is skipped and the differing middle is replaced whole. */
const MAX_ALIGNMENT_CELLS = 4_000_000;

type Block = Y.XmlElement | Y.XmlText;

/**
 * The change that makes `live`'s chapter look like `version`'s, as a Yjs update written by
 * `clientId` (fresh, so the change is bound to whoever restores). It is built in a scratch copy:
 * blocks (top-level nodes) that are the same in both stay untouched, so their authors keep the
 * credit; the others are deleted and clones of the version's are inserted. History is never
 * rewritten, and concurrent edits merge with the restore like any other edit.
 */
export function buildRestoreUpdate(live: Y.Doc, version: Y.Doc, clientId: number): Uint8Array {
  const scratch = new Y.Doc();
  scratch.clientID = clientId;
  Y.applyUpdate(scratch, Y.encodeStateAsUpdate(live));
  const before = Y.encodeStateVector(scratch);
  const target = chapterFragment(scratch);
  const wanted = chapterFragment(version)
    .toArray()
    .filter((node): node is Block => node instanceof Y.XmlElement || node instanceof Y.XmlText);
  const current = target.toArray().map((node) => node.toString());
  const steps = alignBlocks(
    current,
    wanted.map((node) => node.toString()),
  );
  scratch.transact(() => {
    let at = 0;
    for (const step of steps) {
      if (step.kind === 'keep') at += 1;
      else if (step.kind === 'delete') target.delete(at, 1);
      else target.insert(at++, [wanted[step.index]!.clone()]);
    }
  });
  const update = Y.encodeStateAsUpdate(scratch, before);
  scratch.destroy();
  return update;
}

export type AlignStep = { kind: 'keep' } | { kind: 'delete' } | { kind: 'insert'; index: number };

/**
 * Steps that turn the block list `from` into `to` (compared by their XML text), keeping a longest
 * common subsequence: common prefix and suffix first, then an LCS table over the middle.
 */
export function alignBlocks(from: readonly string[], to: readonly string[]): AlignStep[] {
  let head = 0;
  while (head < from.length && head < to.length && from[head] === to[head]) head += 1;
  let tail = 0;
  while (
    tail < from.length - head &&
    tail < to.length - head &&
    from[from.length - 1 - tail] === to[to.length - 1 - tail]
  ) {
    tail += 1;
  }
  const a = from.slice(head, from.length - tail);
  const b = to.slice(head, to.length - tail);
  const keep = (count: number): AlignStep[] =>
    Array.from({ length: count }, () => ({ kind: 'keep' }) as const);
  const middle: AlignStep[] = [];
  if ((a.length + 1) * (b.length + 1) > MAX_ALIGNMENT_CELLS) {
    for (let i = 0; i < a.length; i++) middle.push({ kind: 'delete' });
    for (let j = 0; j < b.length; j++) middle.push({ kind: 'insert', index: head + j });
  } else {
    // lcs[i * width + j]: longest common subsequence of a[i..] and b[j..].
    const width = b.length + 1;
    const lcs = new Uint32Array((a.length + 1) * width);
    for (let i = a.length - 1; i >= 0; i--) {
      for (let j = b.length - 1; j >= 0; j--) {
        lcs[i * width + j] =
          a[i] === b[j]
            ? lcs[(i + 1) * width + j + 1]! + 1
            : Math.max(lcs[(i + 1) * width + j]!, lcs[i * width + j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < a.length || j < b.length) {
      if (i < a.length && j < b.length && a[i] === b[j]) {
        middle.push({ kind: 'keep' });
        i += 1;
        j += 1;
      } else if (j >= b.length || (i < a.length && lcs[(i + 1) * width + j]! >= lcs[i * width + j + 1]!)) {
        middle.push({ kind: 'delete' });
        i += 1;
      } else {
        middle.push({ kind: 'insert', index: head + j });
        j += 1;
      }
    }
  }
  return [...keep(head), ...middle, ...keep(tail)];
}

/** A Yjs client id that nobody has used in `doc` and that `isBound` does not know. */
export function freshClientId(doc: Y.Doc, isBound: (clientId: number) => boolean): number {
  for (;;) {
    const candidate = Math.floor(Math.random() * 0xffffffff) + 1;
    if (!doc.store.clients.has(candidate) && !isBound(candidate)) return candidate;
  }
}

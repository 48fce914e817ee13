import diff from 'fast-diff';
import * as Y from 'yjs';
import { chapterFragment } from '@wethink/shared';
import { wordDiff } from './word-diff';

/** Past this many cells the block alignment is skipped and the differing middle is replaced whole. */
const MAX_ALIGNMENT_CELLS = 4_000_000;

type Block = Y.XmlElement | Y.XmlText;

/**
 * The change that makes `live`'s chapter look like `version`'s, as a Yjs update written by
 * `clientId` (fresh, so the change is bound to whoever restores). It is built in a scratch copy:
 * blocks that are the same in both stay untouched; a changed block that is still the same kind
 * (a paragraph, a heading, a list, a quote) is patched inside, down to its words, so every
 * character the version shares with now keeps its author and the diff after a restore shows just
 * what changed; other blocks are deleted and clones of the version's inserted. History is never
 * rewritten, and concurrent edits merge with the restore like any other edit.
 */
export function buildRestoreUpdate(live: Y.Doc, version: Y.Doc, clientId: number): Uint8Array {
  const scratch = new Y.Doc();
  scratch.clientID = clientId;
  Y.applyUpdate(scratch, Y.encodeStateAsUpdate(live));
  const before = Y.encodeStateVector(scratch);
  scratch.transact(() => restoreChildren(chapterFragment(scratch), chapterFragment(version)));
  const update = Y.encodeStateAsUpdate(scratch, before);
  scratch.destroy();
  return update;
}

function blocksOf(parent: Y.XmlFragment | Y.XmlElement): Block[] {
  return parent
    .toArray()
    .filter((node): node is Block => node instanceof Y.XmlElement || node instanceof Y.XmlText);
}

/**
 * Makes `target`'s children look like `source`'s: children the same in both stay untouched; in a
 * changed stretch, as many old children as possible are patched into the new ones (`patchBlock`),
 * the rest deleted or cloned from the version.
 */
function restoreChildren(target: Y.XmlFragment | Y.XmlElement, source: Y.XmlFragment | Y.XmlElement): void {
  const wanted = blocksOf(source);
  const steps = alignBlocks(
    target.toArray().map((node) => node.toString()),
    wanted.map((node) => node.toString()),
  );
  let at = 0;
  let deleting = 0;
  const flush = (inserts: number[]): void => {
    for (let i = 0; i < Math.max(deleting, inserts.length); i++) {
      const want = i < inserts.length ? wanted[inserts[i]!]! : null;
      const have = i < deleting ? target.get(at) : null;
      if (have && want && patchBlock(have, want)) at += 1;
      else {
        if (have) target.delete(at, 1);
        if (want) target.insert(at++, [want.clone()]);
      }
    }
    deleting = 0;
  };
  let inserts: number[] = [];
  for (const step of steps) {
    if (step.kind === 'delete') deleting += 1;
    else if (step.kind === 'insert') inserts.push(step.index);
    else {
      flush(inserts);
      inserts = [];
      at += 1;
    }
  }
  flush(inserts);
}

/**
 * Makes `have` (a node of the live chapter) look like `want` (the version's) in place when both
 * are text, or elements of the same kind (a paragraph, a heading, a list, a quote): attributes
 * set, children restored in turn, so a changed word inside a list item or a quote is retyped
 * alone. False, touching nothing, otherwise.
 */
function patchBlock(have: Y.XmlElement | Y.XmlText | Y.XmlHook, want: Block): boolean {
  if (have instanceof Y.XmlText && want instanceof Y.XmlText) return patchText(have, want);
  if (!(have instanceof Y.XmlElement) || !(want instanceof Y.XmlElement)) return false;
  if (have.nodeName !== want.nodeName) return false;
  const haveAttributes = have.getAttributes() as Record<string, unknown>;
  const wantAttributes = want.getAttributes() as Record<string, unknown>;
  for (const key of new Set([...Object.keys(haveAttributes), ...Object.keys(wantAttributes)])) {
    if (JSON.stringify(haveAttributes[key]) === JSON.stringify(wantAttributes[key])) continue;
    if (key in wantAttributes) have.setAttribute(key, wantAttributes[key] as string);
    else have.removeAttribute(key);
  }
  restoreChildren(have, want);
  return true;
}

/**
 * Patches a text to read like another: a word diff (`wordDiff`), formatting set where it differs.
 * False, touching nothing, when either holds anything but text.
 */
function patchText(haveText: Y.XmlText, wantText: Y.XmlText): boolean {
  const from = charsOf(haveText);
  const to = charsOf(wantText);
  if (!from || !to) return false;
  // at: position in the live text as patched so far; fromAt and wantAt: in the two originals.
  let at = 0;
  let fromAt = 0;
  let wantAt = 0;
  // Whole changed words, not a word stitched from the old one's letters (see wordDiff).
  for (const [op, text] of wordDiff(from.text, to.text)) {
    if (op === diff.DELETE) {
      haveText.delete(at, text.length);
      fromAt += text.length;
    } else if (op === diff.INSERT) {
      for (const run of runsOf(to.formats, wantAt, text.length)) {
        haveText.insert(at, to.text.slice(run.from, run.to), run.attributes);
        at += run.to - run.from;
      }
      wantAt += text.length;
    } else {
      for (let k = 0; k < text.length; k++) {
        const [now, then] = [from.formats[fromAt + k]!, to.formats[wantAt + k]!];
        if (now.key !== then.key) haveText.format(at + k, 1, withRemovals(now.attributes, then.attributes));
      }
      at += text.length;
      fromAt += text.length;
      wantAt += text.length;
    }
  }
  return true;
}

interface CharFormat {
  /** The attributes as canonical JSON, to compare. */
  key: string;
  attributes: Record<string, unknown>;
}

/** A text's characters and each one's formatting; null when it holds anything but text. */
function charsOf(text: Y.XmlText): { text: string; formats: CharFormat[] } | null {
  let plain = '';
  const formats: CharFormat[] = [];
  for (const op of text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[]) {
    if (typeof op.insert !== 'string') return null;
    const attributes = op.attributes ?? {};
    const format = { key: canonicalJson(attributes), attributes };
    plain += op.insert;
    for (let i = 0; i < op.insert.length; i++) formats.push(format);
  }
  return { text: plain, formats };
}

/** `[from, from + length)` of `formats` as runs of equal formatting. */
function runsOf(
  formats: readonly CharFormat[],
  from: number,
  length: number,
): { from: number; to: number; attributes: Record<string, unknown> }[] {
  const runs: { from: number; to: number; attributes: Record<string, unknown> }[] = [];
  for (let i = from; i < from + length; i++) {
    const last = runs.at(-1);
    if (last && formats[last.from]!.key === formats[i]!.key) last.to = i + 1;
    else runs.push({ from: i, to: i + 1, attributes: formats[i]!.attributes });
  }
  return runs;
}

/** `then`, with null for every attribute `now` has and `then` lacks (Yjs removes a null format). */
function withRemovals(now: Record<string, unknown>, then: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...then };
  for (const key of Object.keys(now)) if (!(key in then)) result[key] = null;
  return result;
}

function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  return `{${Object.keys(record)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`)
    .join(',')}}`;
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

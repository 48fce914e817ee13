import diff from 'fast-diff';
import { Fragment, type Node } from 'prosemirror-model';

/** What one side of a comparison has that the other lacks, or what both share. */
export type DiffChange = 'equal' | 'insert' | 'delete';

/** An inline node (a text node of one or more characters, or an inline leaf) and its change. */
export interface DiffInline {
  change: DiffChange;
  node: Node;
}

/**
 * The difference between two documents as a tree: blocks both have (`equal`), blocks only one side
 * has (`insert`: the newer, `delete`: the older), and blocks of the same kind that differ, compared
 * inside (`changed`: their children; `changed-text`: a text block's characters).
 */
export type DiffBlock =
  | { change: 'equal' | 'insert' | 'delete'; node: Node }
  | { change: 'changed'; from: Node; to: Node; children: DiffBlock[] }
  | { change: 'changed-text'; from: Node; to: Node; inline: DiffInline[] };

/** Private-use characters stand for distinct blocks or words, so fast-diff can align lists of them. */
const FIRST_BLOCK_CHAR = 0xe000;
const BLOCK_CHARS = 0x1900;
/** An inline leaf (image, footnote, hard break) is one unit of the character diff. */
const LEAF_CHAR = '\ufffc';

/**
 * Compares two ProseMirror documents of one schema. Pure and total: `sideOf(diffDocuments(a, b),
 * 'from')` rebuilds `a`'s content and `'to'` rebuilds `b`'s (property-tested). Blocks are aligned
 * by equality (fast-diff over one character per distinct block); within a changed stretch, blocks
 * of the same type are paired in order and compared inside, the rest are whole insertions and
 * deletions. Text is compared word by word, so a changed word is shown whole.
 */
export function diffDocuments(from: Node, to: Node): DiffBlock[] {
  return diffChildren(from.content, to.content);
}

function diffChildren(from: Fragment, to: Fragment): DiffBlock[] {
  const a = childrenOf(from);
  const b = childrenOf(to);
  const keys = new Map<string, string>();
  const charOf = (node: Node): string | null => {
    const key = JSON.stringify(node.toJSON());
    let char = keys.get(key);
    if (char === undefined) {
      if (keys.size >= BLOCK_CHARS) return null;
      char = String.fromCharCode(FIRST_BLOCK_CHAR + keys.size);
      keys.set(key, char);
    }
    return char;
  };
  const aChars = a.map(charOf);
  const bChars = b.map(charOf);
  if (aChars.includes(null) || bChars.includes(null)) return pairRegion(a, b);
  const out: DiffBlock[] = [];
  let [i, j] = [0, 0];
  let pending: { deleted: Node[]; inserted: Node[] } = { deleted: [], inserted: [] };
  const flush = (): void => {
    out.push(...pairRegion(pending.deleted, pending.inserted));
    pending = { deleted: [], inserted: [] };
  };
  for (const [op, chars] of diff(aChars.join(''), bChars.join(''))) {
    for (let k = 0; k < chars.length; k++) {
      if (op === diff.DELETE) pending.deleted.push(a[i++]!);
      else if (op === diff.INSERT) pending.inserted.push(b[j++]!);
      else {
        flush();
        out.push({ change: 'equal', node: b[j++]! });
        i += 1;
      }
    }
  }
  flush();
  return out;
}

function childrenOf(fragment: Fragment): Node[] {
  const nodes: Node[] = [];
  fragment.forEach((node) => nodes.push(node));
  return nodes;
}

/** A changed stretch: same-type blocks paired in order and compared inside; the rest whole. */
function pairRegion(deleted: readonly Node[], inserted: readonly Node[]): DiffBlock[] {
  const out: DiffBlock[] = [];
  for (let k = 0; k < Math.max(deleted.length, inserted.length); k++) {
    const have = deleted[k];
    const want = inserted[k];
    if (have && want && have.type === want.type && !have.isLeaf) {
      out.push(
        have.isTextblock
          ? { change: 'changed-text', from: have, to: want, inline: diffInline(have, want) }
          : { change: 'changed', from: have, to: want, children: diffChildren(have.content, want.content) },
      );
    } else {
      if (have) out.push({ change: 'delete', node: have });
      if (want) out.push({ change: 'insert', node: want });
    }
  }
  return out;
}

/** One unit per character of text or inline leaf, each with the node it comes from. */
function inlineUnits(block: Node): { chars: string; nodes: Node[] } {
  let chars = '';
  const nodes: Node[] = [];
  block.forEach((child) => {
    if (child.isText) {
      const text = child.text ?? '';
      for (let k = 0; k < text.length; k++) nodes.push(child.cut(k, k + 1));
      chars += text;
    } else {
      nodes.push(child);
      chars += LEAF_CHAR;
    }
  });
  return { chars, nodes };
}

/** Words, runs of space and single other characters: the diff changes whole words. */
const tokenPattern = /[\p{L}\p{N}_'’]+|\s+|./gsu;

/** Each token of `chars` as one private-use character (shared across both sides via `codes`). */
function tokenCodes(chars: string, codes: Map<string, string>): { code: string; tokens: string[] } | null {
  const tokens = chars.match(tokenPattern) ?? [];
  let code = '';
  for (const token of tokens) {
    let char = codes.get(token);
    if (char === undefined) {
      if (codes.size >= BLOCK_CHARS) return null;
      char = String.fromCharCode(FIRST_BLOCK_CHAR + codes.size);
      codes.set(token, char);
    }
    code += char;
  }
  return { code, tokens };
}

function diffInline(from: Node, to: Node): DiffInline[] {
  const a = inlineUnits(from);
  const b = inlineUnits(to);
  const codes = new Map<string, string>();
  const aTokens = tokenCodes(a.chars, codes);
  const bTokens = tokenCodes(b.chars, codes);
  const out: DiffInline[] = [];
  let [i, j] = [0, 0];
  const take = (change: 'insert' | 'delete', length: number): void => {
    for (let k = 0; k < length; k++) {
      out.push(change === 'delete' ? { change, node: a.nodes[i++]! } : { change, node: b.nodes[j++]! });
    }
  };
  if (!aTokens || !bTokens) {
    take('delete', a.nodes.length);
    take('insert', b.nodes.length);
    return out;
  }
  let [ai, bi] = [0, 0];
  // Semantic cleanup: a shared space between two changed words is part of the change.
  for (const [op, codesOfOp] of diff(aTokens.code, bTokens.code, undefined, true)) {
    for (let k = 0; k < codesOfOp.length; k++) {
      if (op === diff.DELETE) take('delete', aTokens.tokens[ai++]!.length);
      else if (op === diff.INSERT) take('insert', bTokens.tokens[bi++]!.length);
      else {
        const length = aTokens.tokens[ai++]!.length;
        bi += 1;
        const was = a.nodes.slice(i, i + length);
        const now = b.nodes.slice(j, j + length);
        // Same word, other formatting (or another leaf): shown as replaced, so both sides hold.
        if (was.every((node, n) => node.eq(now[n]!))) {
          for (const node of now) out.push({ change: 'equal', node });
          i += length;
          j += length;
        } else {
          take('delete', length);
          take('insert', length);
        }
      }
    }
  }
  return out;
}

/** The content of one side of a diff, rebuilt: `from` leaves out insertions, `to` deletions. */
export function sideOf(blocks: readonly DiffBlock[], side: 'from' | 'to'): Fragment {
  const skipped = side === 'from' ? 'insert' : 'delete';
  const nodes: Node[] = [];
  for (const block of blocks) {
    if (block.change === 'changed') nodes.push(block[side].copy(sideOf(block.children, side)));
    else if (block.change === 'changed-text') {
      const inline = block.inline.filter((unit) => unit.change !== skipped).map((unit) => unit.node);
      nodes.push(block[side].copy(Fragment.fromArray(inline)));
    } else if (block.change !== skipped) nodes.push(block.node);
  }
  return Fragment.fromArray(nodes);
}

/** Whether a block holds any change (a changed block can hold none: only its attributes moved). */
export function hasChange(block: DiffBlock): boolean {
  if (block.change === 'equal') return false;
  if (block.change === 'changed') return block.children.some(hasChange) || !block.from.sameMarkup(block.to);
  if (block.change === 'changed-text') {
    return block.inline.some((unit) => unit.change !== 'equal') || !block.from.sameMarkup(block.to);
  }
  return true;
}

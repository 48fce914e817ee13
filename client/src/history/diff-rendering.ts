import { bookSchema } from '@wethink/shared/client';
import { DOMSerializer, Schema, type DOMOutputSpec, type Mark, type Node } from 'prosemirror-model';
import { authorOf, type AuthorDirectory } from './author-directory';
import { AuthorCursor, plainTextOf, type CharAuthor, type DiffAttribution } from './diff-attribution';
import { sortShares, type DiffAuthorShare } from './diff-segments';
import { hasChange, type DiffBlock } from './document-diff';

/**
 * The book schema with two marks for the diff: inserted text is underlined, deleted text struck
 * through (cues that do not need colour vision), each tinted with the colour of who did it, named
 * in a label shown on hover and on keyboard focus (CSS `.diff-change:hover/:focus::after`).
 */
const changeAttrs = {
  name: { default: '' },
  color: { default: '#777777' },
  textColor: { default: '' },
  writtenBy: { default: '' },
  label: { default: '' },
} as const;

const changeDom =
  (tag: 'ins' | 'del') =>
  (mark: Mark): DOMOutputSpec => {
    const { name, color, textColor, writtenBy, label } = mark.attrs as Record<
      keyof typeof changeAttrs,
      string
    >;
    const tint =
      tag === 'ins' ? `background-color:${color}38;` : textColor === '' ? '' : `color:${textColor};`;
    return [
      tag,
      {
        class: `diff-change diff-${tag === 'ins' ? 'insert' : 'delete'}`,
        'data-author': name,
        ...(tag === 'del' ? { 'data-written-by': writtenBy } : {}),
        'data-label': label,
        'aria-label': `${label}:`,
        title: label,
        tabindex: '0',
        style: `${tint} text-decoration-color:${color}`,
      },
      0,
    ];
  };

export const diffSchema: Schema = new Schema({
  nodes: bookSchema.spec.nodes,
  marks: bookSchema.spec.marks
    .append({ diff_insert: { attrs: changeAttrs, inclusive: false, toDOM: changeDom('ins') } })
    .append({ diff_delete: { attrs: changeAttrs, inclusive: false, toDOM: changeDom('del') } }),
});

interface NodeJson {
  type: string;
  attrs?: Record<string, unknown>;
  content?: NodeJson[];
  text?: string;
  marks?: Array<{ type: string; attrs?: Record<string, unknown> }>;
}

/** One block of the compared chapter, rendered, and whether it holds a change. */
export interface RenderedBlock {
  dom: globalThis.Node;
  isChanged: boolean;
}

/** A rendered diff and who changed what in it (characters shown inserted and deleted). */
export interface RenderedDiff {
  blocks: RenderedBlock[];
  shares: DiffAuthorShare[];
}

/**
 * Renders a document diff as the chapter reads (headings, lists, quotes, emphasis: the book
 * schema's own DOM), one element per top-level block, with insertions and deletions marked by who
 * made them. Needs a DOM (DOMSerializer); everything it renders comes from the pure diff.
 */
export function renderDiffBlocks(
  blocks: readonly DiffBlock[],
  attribution: DiffAttribution,
  authors: AuthorDirectory,
): RenderedDiff {
  const writer = new DiffJsonWriter(attribution, authors);
  const serializer = DOMSerializer.fromSchema(diffSchema);
  const rendered = blocks.map((block) => ({
    dom: serializer.serializeNode(diffSchema.nodeFromJSON(writer.block(block))),
    isChanged: hasChange(block),
  }));
  return { blocks: rendered, shares: sortShares([...writer.shares.values()]) };
}

/** Walks the diff in document order, reading each side's authors as it goes. */
class DiffJsonWriter {
  private readonly from: AuthorCursor;
  private readonly to: AuthorCursor;
  /** Characters marked so far, by who inserted or deleted them. */
  readonly shares = new Map<string | null, DiffAuthorShare>();

  constructor(
    attribution: DiffAttribution,
    private readonly authors: AuthorDirectory,
  ) {
    this.from = new AuthorCursor(attribution.from);
    this.to = new AuthorCursor(attribution.to);
  }

  block(block: DiffBlock): NodeJson {
    switch (block.change) {
      case 'equal':
        this.skip(block.node);
        return block.node.toJSON() as NodeJson;
      case 'insert':
      case 'delete':
        return this.marked(block.node, block.change);
      case 'changed':
        return { ...this.shell(block.to), content: block.children.map((child) => this.block(child)) };
      case 'changed-text':
        return {
          ...this.shell(block.to),
          content: block.inline.map((unit) => {
            if (unit.change !== 'equal') return this.marked(unit.node, unit.change);
            this.skip(unit.node);
            return unit.node.toJSON() as NodeJson;
          }),
        };
    }
  }

  /** A node without its content. */
  private shell(node: Node): NodeJson {
    const { content: _content, ...rest } = node.toJSON() as NodeJson;
    return rest;
  }

  /** Text both sides share: both cursors move past it. */
  private skip(node: Node): void {
    const length = plainTextOf(node).length;
    this.from.take(length);
    this.to.take(length);
  }

  /** A node only one side has, every inline node in it marked with who inserted or deleted it. */
  private marked(node: Node, change: 'insert' | 'delete'): NodeJson {
    const json = node.toJSON() as NodeJson;
    const cursor = change === 'insert' ? this.to : this.from;
    if (node.isText) return this.markedText(json, cursor.take(json.text?.length ?? 0), change)[0]!;
    if (node.isInline) return this.withMark(json, { userId: null, writtenBy: null }, change);
    const content: NodeJson[] = [];
    node.forEach((child) => {
      if (child.isText)
        content.push(
          ...this.markedText(child.toJSON() as NodeJson, cursor.take(child.text?.length ?? 0), change),
        );
      else content.push(this.marked(child, change));
    });
    return content.length > 0 ? { ...json, content } : json;
  }

  /** A text node split where its characters' authors change, each piece marked. */
  private markedText(json: NodeJson, authors: CharAuthor[], change: 'insert' | 'delete'): NodeJson[] {
    const text = json.text ?? '';
    const pieces: NodeJson[] = [];
    let start = 0;
    for (let k = 1; k <= text.length; k++) {
      const [a, b] = [authors[k - 1]!, authors[k]];
      if (k < text.length && b && a.userId === b.userId && a.writtenBy === b.writtenBy) continue;
      pieces.push(this.withMark({ ...json, text: text.slice(start, k) }, a, change));
      start = k;
    }
    return pieces.length > 0 ? pieces : [json];
  }

  private withMark(json: NodeJson, author: CharAuthor, change: 'insert' | 'delete'): NodeJson {
    const share = this.shares.get(author.userId) ?? { userId: author.userId, inserted: 0, deleted: 0 };
    share[change === 'insert' ? 'inserted' : 'deleted'] += json.text?.length ?? 0;
    this.shares.set(author.userId, share);
    const by = authorOf(this.authors, author.userId);
    const attrs =
      change === 'insert'
        ? { name: by.name, color: by.color, textColor: '', writtenBy: '', label: `Added by ${by.name}` }
        : (() => {
            const wrote = authorOf(this.authors, author.writtenBy);
            return {
              name: by.name,
              color: by.color,
              textColor: wrote.color,
              writtenBy: wrote.name,
              label: `Written by ${wrote.name}, deleted by ${by.name}`,
            };
          })();
    return { ...json, marks: [...(json.marks ?? []), { type: `diff_${change}`, attrs }] };
  }
}

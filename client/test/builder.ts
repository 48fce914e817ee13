import { bookSchema } from '@wethink/shared/client';
import type { Attrs, Mark, Node } from 'prosemirror-model';
import { EditorState, TextSelection, type Command } from 'prosemirror-state';

/**
 * Writes test documents as code: `doc(p('Hel<a>lo'))`. `<a>` and `<b>` in text mark positions;
 * `stateOf` turns them into a selection (a cursor at `<a>`, or a range `<a>`…`<b>`).
 */
type Tags = Record<string, number>;
interface Built {
  node: Node;
  tags: Tags;
}
type Child = Built | BuiltText;
interface BuiltText {
  text: string;
  marks: readonly Mark[];
  tags: Tags;
}

const tagPattern = /<(\w)>/g;

function parseText(raw: string, marks: readonly Mark[] = []): BuiltText {
  const tags: Tags = {};
  let text = '';
  let last = 0;
  for (const match of raw.matchAll(tagPattern)) {
    text += raw.slice(last, match.index);
    tags[match[1] ?? '?'] = text.length;
    last = (match.index ?? 0) + match[0].length;
  }
  return { text: text + raw.slice(last), marks, tags };
}

function isText(child: Child): child is BuiltText {
  return 'text' in child;
}

function block(typeName: string, attrs: Attrs | null = null) {
  return (...children: Array<Child | string>): Built => {
    const type = bookSchema.nodes[typeName];
    if (type === undefined) throw new RangeError(`no node type ${typeName} in the book schema`);
    const content: Node[] = [];
    const tags: Tags = {};
    let offset = 0;
    for (const raw of children) {
      const child = typeof raw === 'string' ? parseText(raw) : raw;
      // Tags are relative to the start of the child's content; a block child's content starts
      // one position in (its opening token).
      const inset = isText(child) ? 0 : 1;
      for (const [name, pos] of Object.entries(child.tags)) tags[name] = offset + inset + pos;
      if (isText(child)) {
        if (child.text !== '') content.push(bookSchema.text(child.text, child.marks));
        offset += child.text.length;
      } else {
        content.push(child.node);
        offset += child.node.nodeSize;
      }
    }
    return { node: type.create(attrs, content), tags };
  };
}

export const doc = block('doc');
export const p = block('paragraph');
export const h1 = block('heading', { level: 1 });
export const h2 = block('heading', { level: 2 });
export const blockquote = block('blockquote');
export const ul = block('bullet_list');
export const ol = block('ordered_list');
export const li = block('list_item');

export function strong(raw: string): BuiltText {
  return parseText(raw, [bookSchema.marks.strong.create()]);
}

export function em(raw: string): BuiltText {
  return parseText(raw, [bookSchema.marks.em.create()]);
}

export function a(href: string, raw: string): BuiltText {
  return parseText(raw, [bookSchema.marks.link.create({ href })]);
}

/** An editor state for the document with the selection its tags describe. */
export function stateOf(built: Built): EditorState {
  const { a: anchor, b: head } = built.tags;
  const state = EditorState.create({ doc: built.node, schema: bookSchema });
  if (anchor === undefined) return state;
  return state.apply(state.tr.setSelection(TextSelection.create(built.node, anchor, head ?? anchor)));
}

/** Runs a command and returns the resulting document, or null when the command refused. */
export function apply(state: EditorState, command: Command): EditorState | null {
  let next: EditorState | null = null;
  const ran = command(state, (tr) => (next = state.apply(tr)));
  return ran ? next : null;
}

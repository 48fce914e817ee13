import * as Y from 'yjs';
import { bookSchema } from '@wethink/shared';

interface NodeJson {
  type: string;
  attrs?: Record<string, unknown>;
  content?: NodeJson[];
  text?: string;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
}

function textNodes(text: Y.XmlText): NodeJson[] {
  const delta = text.toDelta() as { insert: unknown; attributes?: Record<string, unknown> }[];
  return delta.flatMap((op) => {
    if (typeof op.insert !== 'string' || op.insert === '') return [];
    // y-prosemirror names overlapping marks of one type `<type>--<hash>`.
    const marks = Object.entries(op.attributes ?? {})
      .map(([key, attrs]) => ({
        type: key.split('--', 1)[0]!,
        attrs: (attrs ?? {}) as Record<string, unknown>,
      }))
      .filter((mark) => mark.type in bookSchema.marks);
    return [{ type: 'text', text: op.insert, ...(marks.length > 0 ? { marks } : {}) }];
  });
}

function elementNode(element: Y.XmlElement): NodeJson | null {
  if (!(element.nodeName in bookSchema.nodes)) return null;
  const content = childNodes(element);
  const attrs = element.getAttributes() as Record<string, unknown>;
  return {
    type: element.nodeName,
    ...(Object.keys(attrs).length > 0 ? { attrs } : {}),
    ...(content.length > 0 ? { content } : {}),
  };
}

function childNodes(parent: Y.XmlFragment | Y.XmlElement): NodeJson[] {
  return parent.toArray().flatMap((child) => {
    if (child instanceof Y.XmlText) return textNodes(child);
    if (child instanceof Y.XmlElement) return elementNode(child) ?? [];
    return [];
  });
}

/**
 * A chapter as ProseMirror JSON of the book schema (what y-prosemirror would show), and its plain
 * text with one line per block. Nodes and marks the schema does not know are left out; content
 * the schema rejects falls back to its text in paragraphs.
 */
export function chapterContent(fragment: Y.XmlFragment): { content: unknown; text: string } {
  const content = childNodes(fragment);
  const json = { type: 'doc', content: content.length > 0 ? content : [{ type: 'paragraph' }] };
  try {
    const node = bookSchema.nodeFromJSON(json);
    node.check();
    const text = node.textBetween(0, node.content.size, '\n', (leaf) =>
      leaf.type.name === 'hard_break' ? '\n' : '',
    );
    return { content: node.toJSON(), text };
  } catch {
    // A client wrote content the schema rejects (y-prosemirror validates only in browsers):
    // still show what was written, as plain paragraphs.
    const text = fragment
      .toArray()
      .map((block) => (block instanceof Y.XmlElement || block instanceof Y.XmlText ? plainText(block) : ''))
      .join('\n');
    const paragraphs = text.split('\n').map((line) => ({
      type: 'paragraph',
      ...(line ? { content: [{ type: 'text', text: line }] } : {}),
    }));
    return { content: { type: 'doc', content: paragraphs }, text };
  }
}

function plainText(node: Y.XmlElement | Y.XmlText): string {
  if (node instanceof Y.XmlText) {
    const delta = node.toDelta() as { insert: unknown }[];
    return delta.map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('');
  }
  return node
    .toArray()
    .map((child) => (child instanceof Y.XmlElement || child instanceof Y.XmlText ? plainText(child) : ''))
    .join('');
}

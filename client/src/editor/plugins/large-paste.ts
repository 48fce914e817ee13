import { bookSchema } from '@wethink/shared/client';
import { DOMParser as ProseMirrorDOMParser, Fragment, Slice } from 'prosemirror-model';
import { Plugin, PluginKey } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';

export const largePasteKey = new PluginKey('large-paste');

export interface LargePasteOptions {
  /** Clipboard content at least this long is inserted in chunks instead of in one transaction. */
  thresholdChars: number;
  /** Top-level blocks per transaction. */
  chunkBlocks: number;
  /** Gives the browser a turn between chunks (input, paint, sockets). */
  yieldToBrowser: () => Promise<void>;
}

export const defaultLargePasteOptions: LargePasteOptions = {
  thresholdChars: 100_000,
  chunkBlocks: 100,
  yieldToBrowser: () => new Promise((resolve) => setTimeout(resolve, 0)),
};

/** Elements whose content is never prose; dropped before parsing so their text does not leak in. */
const JUNK_SELECTOR =
  'script,style,head,title,template,noscript,iframe,object,embed,svg,math,img,video,audio,canvas';
/** Containers that only group blocks: a pasted page's blocks are found inside them. */
const WRAPPER_TAGS = new Set([
  'BODY',
  'DIV',
  'SECTION',
  'ARTICLE',
  'MAIN',
  'HEADER',
  'FOOTER',
  'ASIDE',
  'NAV',
  'CENTER',
  'FORM',
]);
const BLOCK_TAGS = new Set([
  ...WRAPPER_TAGS,
  'P',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'UL',
  'OL',
  'LI',
  'BLOCKQUOTE',
  'HR',
  'PRE',
  'TABLE',
  'DL',
  'FIGURE',
]);

function hasBlockChild(element: Element): boolean {
  for (const child of element.children) if (BLOCK_TAGS.has(child.tagName)) return true;
  return false;
}

/**
 * The blocks of a pasted document in order, with grouping wrappers (Word's `WordSection1`, a
 * page's `<main>`) opened up, so that each chunk is a bounded amount of work.
 */
export function flattenBlocks(root: Element): Node[] {
  const blocks: Node[] = [];
  const visit = (parent: Element) => {
    for (const child of [...parent.childNodes]) {
      if (child instanceof Element && WRAPPER_TAGS.has(child.tagName) && hasBlockChild(child)) visit(child);
      else if (child.nodeType !== 3 || (child.textContent ?? '').trim() !== '') blocks.push(child);
    }
  };
  visit(root);
  return blocks;
}

/** Splits plain text into paragraphs, one per line; blank lines are kept as empty paragraphs. */
export function textToParagraphs(text: string): Fragment[] {
  const lines = text.split(/\r\n?|\n/);
  return lines.map((line) =>
    Fragment.from(bookSchema.nodes.paragraph.create(null, line === '' ? null : bookSchema.text(line))),
  );
}

function htmlChunks(html: string, chunkBlocks: number): Array<() => Slice> {
  // An inert document: scripts do not run and images do not load.
  const dom = new DOMParser().parseFromString(html, 'text/html');
  for (const junk of dom.querySelectorAll(JUNK_SELECTOR)) junk.remove();
  const blocks = flattenBlocks(dom.body);
  const parser = ProseMirrorDOMParser.fromSchema(bookSchema);
  const chunks: Array<() => Slice> = [];
  for (let i = 0; i < blocks.length; i += chunkBlocks) {
    const group = blocks.slice(i, i + chunkBlocks);
    chunks.push(() => {
      const container = dom.createElement('div');
      container.append(...group);
      return parser.parseSlice(container);
    });
  }
  return chunks;
}

function textChunks(text: string, chunkBlocks: number): Array<() => Slice> {
  const paragraphs = textToParagraphs(text);
  const chunks: Array<() => Slice> = [];
  for (let i = 0; i < paragraphs.length; i += chunkBlocks) {
    const group = paragraphs.slice(i, i + chunkBlocks);
    chunks.push(() => Slice.maxOpen(Fragment.fromArray(group.map((fragment) => fragment.child(0)))));
  }
  return chunks;
}

/**
 * Inserts the chunks one transaction at a time at the cursor. The first chunk joins the cursor's
 * paragraph like a normal paste; later ones start closed so paragraphs never merge at a seam.
 */
async function insertChunks(view: EditorView, chunks: Array<() => Slice>, options: LargePasteOptions) {
  view.dom.setAttribute('aria-busy', 'true');
  try {
    for (const [index, chunk] of chunks.entries()) {
      if (view.isDestroyed) return;
      const slice = chunk();
      const placed = index === 0 ? slice : new Slice(slice.content, 0, slice.openEnd);
      view.dispatch(
        view.state.tr.replaceSelection(placed).setMeta(largePasteKey, { index, of: chunks.length }),
      );
      await options.yieldToBrowser();
    }
  } finally {
    if (!view.isDestroyed) {
      view.dom.removeAttribute('aria-busy');
      view.dispatch(view.state.tr.scrollIntoView().setMeta(largePasteKey, { done: true }));
    }
  }
}

/**
 * Pastes of a whole foreign document (a Word file, a saved web page, a novel as plain text) would
 * block the tab for seconds in one transaction; this plugin converts and inserts them in chunks.
 * Small pastes take ProseMirror's normal path.
 */
export function largePastePlugin(options: LargePasteOptions = defaultLargePasteOptions): Plugin {
  return new Plugin({
    key: largePasteKey,
    props: {
      handleDOMEvents: {
        paste(view, event) {
          const data = event.clipboardData;
          if (data === null || !view.editable) return false;
          const html = data.getData('text/html');
          const text = html === '' ? data.getData('text/plain') : '';
          if (html.length < options.thresholdChars && text.length < options.thresholdChars) return false;
          event.preventDefault();
          view.dispatch(view.state.tr.deleteSelection());
          const chunks =
            html !== '' ? htmlChunks(html, options.chunkBlocks) : textChunks(text, options.chunkBlocks);
          void insertChunks(view, chunks, options);
          return true;
        },
      },
    },
  });
}

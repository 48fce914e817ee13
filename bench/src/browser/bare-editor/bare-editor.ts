import { bookSchema, chapterFragment } from '@wethink/shared';
import { baseKeymap } from 'prosemirror-commands';
import { keymap } from 'prosemirror-keymap';
import { EditorState, type Plugin } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { yCursorPlugin, ySyncPlugin, yUndoPlugin } from 'y-prosemirror';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';

/**
 * The floor the wethink editor is measured against: the same schema, the same y-prosemirror
 * plugins and the stock y-websocket provider on the same server, with nothing around the editor.
 * Query: `ws` (sync URL), `doc` (document name), `token` (connection token).
 */
const query = new URLSearchParams(location.search);
const ydoc = new Y.Doc();
const provider = new WebsocketProvider(query.get('ws') ?? '', query.get('doc') ?? '', ydoc, {
  params: { token: query.get('token') ?? '' },
  disableBc: true,
});
const mount = document.getElementById('editor');
if (mount === null) throw new Error('bare editor: no #editor element');
// y-prosemirror's typings return `any`; they are ordinary ProseMirror plugins.
const plugins = [
  ySyncPlugin(chapterFragment(ydoc)) as Plugin,
  yCursorPlugin(provider.awareness) as Plugin,
  yUndoPlugin() as Plugin,
  keymap(baseKeymap),
];
const view = new EditorView(mount, {
  state: EditorState.create({ schema: bookSchema, plugins }),
  attributes: { class: 'book-editor__prose', 'aria-label': 'Chapter text' },
});
provider.on('sync', (isSynced: boolean) => {
  if (isSynced) document.body.dataset.synced = 'true';
});
Object.assign(window, { bareEditor: { view, provider } });

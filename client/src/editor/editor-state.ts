import { bookSchema } from '@wethink/shared/client';
import { EditorState, type Plugin } from 'prosemirror-state';
import { yCursorPlugin, ySyncPlugin, yUndoPlugin } from 'y-prosemirror';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { bookInputRules } from './plugins/input-rules';
import { bookKeymap } from './plugins/keymap';
import { largePastePlugin } from './plugins/large-paste';
import { ownCaretPlugin } from './plugins/own-caret';
import {
  NO_PEOPLE,
  buildRemoteCursor,
  buildRemoteSelection,
  showsCaretOf,
  type CursorPeople,
  type CursorUser,
} from './plugins/remote-cursors';

export interface EditorStateDeps {
  fragment: Y.XmlFragment;
  awareness: Awareness;
  /** Extra keymaps from the view (link and note shortcuts that ask the author first). */
  extraPlugins?: Plugin[];
  /** Member colours and who is this tab's own account; read each time carets are drawn. */
  people?: CursorPeople;
  /** Plugins that must see DOM events before the paste handling (the paste report). */
  firstPlugins?: Plugin[];
}

/**
 * The chapter editor's state: the book schema bound to a shared fragment. y-prosemirror's undo
 * plugin replaces ProseMirror's history so undo only reverts this author's own edits.
 */
export function createEditorState({
  fragment,
  awareness,
  extraPlugins = [],
  people = NO_PEOPLE,
  firstPlugins = [],
}: EditorStateDeps): EditorState {
  // y-prosemirror's typings return `any`; they are ordinary ProseMirror plugins.
  const collabPlugins = [
    ySyncPlugin(fragment) as Plugin,
    yCursorPlugin(awareness, {
      cursorBuilder: (user: CursorUser, clientId: number) => buildRemoteCursor(user, clientId, people),
      selectionBuilder: (user: CursorUser, clientId: number) => buildRemoteSelection(user, clientId, people),
      awarenessStateFilter: showsCaretOf(people),
    }) as Plugin,
    yUndoPlugin() as Plugin,
    ownCaretPlugin(fragment),
  ];
  return EditorState.create({
    schema: bookSchema,
    plugins: [
      ...collabPlugins,
      ...firstPlugins,
      largePastePlugin(),
      bookInputRules(),
      ...extraPlugins,
      ...bookKeymap(),
    ],
  });
}

import { keymap } from 'prosemirror-keymap';
import type { Plugin } from 'prosemirror-state';
import { goToNextCell, tableEditing } from 'prosemirror-tables';
import type { EditorRequestDetail } from './editor-events';
import { authorshipPlugin } from './plugins/authorship';
import { commentHighlightsPlugin } from './plugins/comment-highlights';
import { commentShortcutPlugin } from './plugins/comment-shortcut';
import { findPlugin } from './plugins/find';
import { imagePastePlugin, type ImageUpload } from './plugins/image-paste';
import { noteOpenPlugin } from './plugins/note-open';
import { pasteReportPlugin } from './plugins/paste-report';
import { readOnlyGuardPlugin } from './plugins/read-only-guard';
import { suggestionMarksPlugin } from './plugins/suggestion-marks';
import { suggestingPluginFor } from './suggestion-events';

/** What `<book-editor>` hands its plugins: where they report to, and its switches as they are now. */
export interface BookEditorHooks {
  /** The element that reports the plugins' events (suggestions bubble from it). */
  host: HTMLElement;
  isReadOnly: () => boolean;
  /** The image uploader, or null: images cannot be added here (or now, read-only). */
  uploadImage: () => ImageUpload | null;
  /** The author asked for something the page provides (a link, a note, a comment). */
  request: (action: EditorRequestDetail['action']) => boolean;
  /** A change the read-only guard or the suggesting mode turned down. */
  onRefused: () => void;
  onNoteOpen: (pos: number, text: string) => void;
  onThreadClick: (threadId: string) => void;
  onPasteReport: (unkept: string[]) => void;
}

/**
 * The plugins `<book-editor>` adds to the shared editor state (editor-state.ts): `first` go before
 * y-prosemirror's (they must see a transaction before it syncs it), `extra` after.
 */
export function bookEditorPlugins(hooks: BookEditorHooks): { first: Plugin[]; extra: Plugin[] } {
  const requestKeys = keymap({
    'Mod-k': () => hooks.request('link'),
    'Mod-Alt-f': () => hooks.request('note'),
  });
  return {
    first: [suggestingPluginFor(hooks.host, hooks.onRefused), pasteReportPlugin(hooks.onPasteReport)],
    extra: [
      readOnlyGuardPlugin({ isReadOnly: hooks.isReadOnly(), onRefused: hooks.onRefused }),
      requestKeys,
      noteOpenPlugin(hooks.onNoteOpen),
      authorshipPlugin(),
      commentHighlightsPlugin({ onThreadClick: hooks.onThreadClick }),
      commentShortcutPlugin(() => hooks.request('comment')),
      suggestionMarksPlugin(),
      findPlugin(),
      keymap({ Tab: goToNextCell(1), 'Shift-Tab': goToNextCell(-1) }),
      tableEditing(),
      imagePastePlugin(() => (hooks.isReadOnly() ? null : hooks.uploadImage())),
    ],
  };
}

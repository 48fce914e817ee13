import type { BookEditor } from '../editor/book-editor';
import type { ToolbarAction, ToolbarState } from '../editor/editor-commands';

/**
 * What the chapter view does for a toolbar button or an editor shortcut that may need the
 * author's input first: a link's address (unless the caret is on a link, which it removes) or a
 * note's text; everything else runs at once.
 */
export function runEditorAction(
  editor: BookEditor | null,
  toolbar: ToolbarState | null,
  action: ToolbarAction,
): void {
  if (editor === null) return;
  if (action === 'note') {
    const text = window.prompt('Note text');
    if (text !== null) editor.insertNote(text);
  } else if (action === 'link' && toolbar?.link.isActive !== true) {
    const href = window.prompt('Link to (https://…)', 'https://');
    if (href !== null) editor.setLink(href);
  } else {
    editor.run(action);
  }
}

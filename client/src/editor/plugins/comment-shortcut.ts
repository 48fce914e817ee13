import { Plugin } from 'prosemirror-state';

const isMac = typeof navigator !== 'undefined' && /Mac|iP(hone|ad|od)/.test(navigator.platform);

/** Mod-Alt-m: Cmd-Option-M on a Mac, Ctrl-Alt-M elsewhere. By key code: Option changes the key. */
export function isCommentShortcut(
  event: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>,
  mac = isMac,
): boolean {
  const mod = mac ? event.metaKey && !event.ctrlKey : event.ctrlKey && !event.metaKey;
  return mod && event.altKey && !event.shiftKey && (event.code === 'KeyM' || event.key.toLowerCase() === 'm');
}

/**
 * Starts a comment on the selection. A DOM handler rather than a keymap: ProseMirror runs keymaps
 * only in an editable view, and reviewers comment on text they cannot edit.
 */
export function commentShortcutPlugin(onComment: () => void): Plugin {
  return new Plugin({
    props: {
      handleDOMEvents: {
        keydown: (_view, event) => {
          if (!isCommentShortcut(event)) return false;
          event.preventDefault();
          onComment();
          return true;
        },
      },
    },
  });
}

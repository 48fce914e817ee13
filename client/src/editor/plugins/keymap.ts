import { bookSchema } from '@wethink/shared/client';
import { baseKeymap, chainCommands, exitCode } from 'prosemirror-commands';
import { keymap } from 'prosemirror-keymap';
import { liftListItem, sinkListItem, splitListItem } from 'prosemirror-schema-list';
import type { Command, Plugin } from 'prosemirror-state';
import { redoCommand, undoCommand } from 'y-prosemirror';
import {
  insertHardBreak,
  setHeading,
  setParagraph,
  toggleBlockquote,
  toggleBulletList,
  toggleOrderedList,
} from '../commands/blocks';
import { toggleEm, toggleStrong } from '../commands/marks';

const { nodes } = bookSchema;
// y-prosemirror's typings return `any`; these are ordinary commands on its UndoManager, which only
// tracks this author's own edits.
const undo = undoCommand as Command;
const redo = redoCommand as Command;

/**
 * The chapter editor's shortcuts. `Mod` is Cmd on macOS, Ctrl elsewhere. Link and note shortcuts
 * (Mod-k, Mod-Alt-f) need the author's input, so the view binds them.
 */
export function bookKeymap(): Plugin[] {
  const hardBreak = chainCommands(exitCode, insertHardBreak);
  return [
    keymap({
      'Mod-z': undo,
      'Mod-y': redo,
      'Shift-Mod-z': redo,
      'Mod-b': toggleStrong,
      'Mod-B': toggleStrong,
      'Mod-i': toggleEm,
      'Mod-I': toggleEm,
      'Mod-Alt-0': setParagraph,
      'Mod-Alt-1': setHeading(1),
      'Mod-Alt-2': setHeading(2),
      'Mod-Alt-3': setHeading(3),
      'Ctrl->': toggleBlockquote,
      'Shift-Ctrl-8': toggleBulletList,
      'Shift-Ctrl-9': toggleOrderedList,
      'Shift-Enter': hardBreak,
      'Mod-Enter': hardBreak,
      Enter: splitListItem(nodes.list_item),
      Tab: sinkListItem(nodes.list_item),
      'Shift-Tab': liftListItem(nodes.list_item),
    }),
    keymap(baseKeymap),
  ];
}

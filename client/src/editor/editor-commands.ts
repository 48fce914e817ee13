import { bookSchema } from '@wethink/shared/client';
import type { Command, EditorState } from 'prosemirror-state';
import {
  addColumnAfter,
  addColumnBefore,
  addRowAfter,
  addRowBefore,
  deleteColumn,
  deleteRow,
  deleteTable,
} from 'prosemirror-tables';
import { redoCommand, undoCommand } from 'y-prosemirror';
import {
  insertHorizontalRule,
  isBlockActive,
  findAncestor,
  setHeading,
  setParagraph,
  toggleBlockquote,
  toggleBulletList,
  toggleOrderedList,
} from './commands/blocks';
import { linkAtSelection, removeLink } from './commands/links';
import { isMarkActive, toggleEm, toggleStrong } from './commands/marks';

/**
 * The commands the toolbar offers, by name. Commands that need input from the author (a link's
 * address, a note's text) are not here: the view asks, then calls `setLink` or `insertNote`.
 */
export const ToolbarAction = {
  bold: 'bold',
  italic: 'italic',
  link: 'link',
  paragraph: 'paragraph',
  heading1: 'heading1',
  heading2: 'heading2',
  heading3: 'heading3',
  blockquote: 'blockquote',
  bulletList: 'bulletList',
  orderedList: 'orderedList',
  horizontalRule: 'horizontalRule',
  note: 'note',
  undo: 'undo',
  redo: 'redo',
  rowAbove: 'rowAbove',
  rowBelow: 'rowBelow',
  columnBefore: 'columnBefore',
  columnAfter: 'columnAfter',
  deleteRow: 'deleteRow',
  deleteColumn: 'deleteColumn',
  deleteTable: 'deleteTable',
} as const;
export type ToolbarAction = (typeof ToolbarAction)[keyof typeof ToolbarAction];

export interface ToolbarItemState {
  isActive: boolean;
  isEnabled: boolean;
}

export type ToolbarState = Record<ToolbarAction, ToolbarItemState>;

// y-prosemirror's typings return `any`; these are ordinary ProseMirror commands.
const undo = undoCommand as Command;
const redo = redoCommand as Command;

const { nodes, marks } = bookSchema;

/** Commands that run without further input; `link` here only removes an existing link. */
export const directCommands: Record<Exclude<ToolbarAction, 'note'>, Command> = {
  bold: toggleStrong,
  italic: toggleEm,
  link: removeLink,
  paragraph: setParagraph,
  heading1: setHeading(1),
  heading2: setHeading(2),
  heading3: setHeading(3),
  blockquote: toggleBlockquote,
  bulletList: toggleBulletList,
  orderedList: toggleOrderedList,
  horizontalRule: insertHorizontalRule,
  undo,
  redo,
  rowAbove: addRowBefore,
  rowBelow: addRowAfter,
  columnBefore: addColumnBefore,
  columnAfter: addColumnAfter,
  deleteRow,
  deleteColumn,
  deleteTable,
};

function inList(state: EditorState, listType: typeof nodes.bullet_list): boolean {
  const item = findAncestor(state, nodes.list_item);
  return item !== null && state.selection.$from.node(item.depth - 1).type === listType;
}

function item(isActive: boolean, isEnabled: boolean): ToolbarItemState {
  return { isActive, isEnabled };
}

/** What each toolbar button shows for a state: pressed or not, usable or not. Pure. */
export function toolbarState(state: EditorState): ToolbarState {
  const can = (command: Command) => command(state);
  const isTextblock = state.selection.$from.parent.inlineContent;
  return {
    bold: item(isMarkActive(state, marks.strong), can(toggleStrong)),
    italic: item(isMarkActive(state, marks.em), can(toggleEm)),
    link: item(
      linkAtSelection(state) !== null || isMarkActive(state, marks.link),
      !state.selection.empty || linkAtSelection(state) !== null,
    ),
    paragraph: item(isBlockActive(state, nodes.paragraph), can(setParagraph)),
    heading1: item(isBlockActive(state, nodes.heading, { level: 1 }), can(setHeading(1))),
    heading2: item(isBlockActive(state, nodes.heading, { level: 2 }), can(setHeading(2))),
    heading3: item(isBlockActive(state, nodes.heading, { level: 3 }), can(setHeading(3))),
    blockquote: item(findAncestor(state, nodes.blockquote) !== null, can(toggleBlockquote)),
    bulletList: item(inList(state, nodes.bullet_list), can(toggleBulletList)),
    orderedList: item(inList(state, nodes.ordered_list), can(toggleOrderedList)),
    horizontalRule: item(false, can(insertHorizontalRule)),
    note: item(false, isTextblock),
    undo: item(false, Boolean(can(undo))),
    redo: item(false, Boolean(can(redo))),
    // Enabled only with the selection in a table: the toolbar shows these only then.
    rowAbove: item(false, can(addRowBefore)),
    rowBelow: item(false, can(addRowAfter)),
    columnBefore: item(false, can(addColumnBefore)),
    columnAfter: item(false, can(addColumnAfter)),
    deleteRow: item(false, can(deleteRow)),
    deleteColumn: item(false, can(deleteColumn)),
    deleteTable: item(false, can(deleteTable)),
  };
}

/** True when every toolbar button would look and work the same in both states. */
export function isSameToolbarState(a: ToolbarState, b: ToolbarState): boolean {
  return Object.values(ToolbarAction).every(
    (action) => a[action].isActive === b[action].isActive && a[action].isEnabled === b[action].isEnabled,
  );
}

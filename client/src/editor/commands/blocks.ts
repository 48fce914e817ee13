import { bookSchema, type HeadingLevel } from '@wethink/shared/client';
import { chainCommands, lift, setBlockType, wrapIn } from 'prosemirror-commands';
import type { NodeType } from 'prosemirror-model';
import { liftListItem, wrapInList } from 'prosemirror-schema-list';
import type { Command, EditorState } from 'prosemirror-state';

const { nodes } = bookSchema;

export const setParagraph: Command = setBlockType(nodes.paragraph);

export function setHeading(level: HeadingLevel): Command {
  return setBlockType(nodes.heading, { level });
}

/** The innermost ancestor of the selection of the given type, or null. */
export function findAncestor(state: EditorState, type: NodeType): { depth: number } | null {
  const { $from } = state.selection;
  for (let depth = $from.depth; depth > 0; depth--) {
    if ($from.node(depth).type === type) return { depth };
  }
  return null;
}

export function isBlockActive(
  state: EditorState,
  type: NodeType,
  attrs: Record<string, unknown> = {},
): boolean {
  const { $from, to } = state.selection;
  const parent = $from.parent;
  return (
    to <= $from.end() &&
    parent.type === type &&
    Object.entries(attrs).every(([key, value]) => parent.attrs[key] === value)
  );
}

export const toggleBlockquote: Command = (state, dispatch) =>
  findAncestor(state, nodes.blockquote) !== null
    ? lift(state, dispatch)
    : wrapIn(nodes.blockquote)(state, dispatch);

/** Wraps the selection in a list, or lifts it out when it is already in a list of that type. */
export function toggleList(listType: NodeType): Command {
  return (state, dispatch) => {
    const item = findAncestor(state, nodes.list_item);
    if (item !== null && state.selection.$from.node(item.depth - 1).type === listType) {
      return liftListItem(nodes.list_item)(state, dispatch);
    }
    return wrapInList(listType)(state, dispatch);
  };
}

export const toggleBulletList: Command = toggleList(nodes.bullet_list);
export const toggleOrderedList: Command = toggleList(nodes.ordered_list);

export const insertHorizontalRule: Command = (state, dispatch) => {
  const rule = nodes.horizontal_rule.create();
  const { $from } = state.selection;
  if (!$from.parent.isTextblock) return false;
  if (dispatch) dispatch(state.tr.replaceSelectionWith(rule).scrollIntoView());
  return true;
};

export const insertHardBreak: Command = chainCommands((state, dispatch) => {
  if (!state.selection.$from.parent.isTextblock) return false;
  if (dispatch) dispatch(state.tr.replaceSelectionWith(nodes.hard_break.create()).scrollIntoView());
  return true;
});

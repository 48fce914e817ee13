import { NodeSelection, Plugin } from 'prosemirror-state';

/**
 * Opens a note to read or edit it: a click on its number, or Enter while it is selected (arrow
 * keys select it as a node). A note's text lives in an attribute, so it has no text to click into.
 */
export function noteOpenPlugin(onOpen: (pos: number, text: string) => void): Plugin {
  return new Plugin({
    props: {
      handleClickOn: (_view, _pos, node, nodePos, _event, isDirect) => {
        if (!isDirect || node.type.name !== 'note') return false;
        onOpen(nodePos, String(node.attrs.text));
        return true;
      },
      handleKeyDown: (view, event) => {
        const { selection } = view.state;
        if (event.key !== 'Enter' || !(selection instanceof NodeSelection)) return false;
        if (selection.node.type.name !== 'note') return false;
        onOpen(selection.from, String(selection.node.attrs.text));
        return true;
      },
    },
  });
}

import { bookSchema } from '@wethink/shared/client';
import {
  InputRule,
  emDash,
  ellipsis,
  inputRules,
  smartQuotes,
  textblockTypeInputRule,
  wrappingInputRule,
} from 'prosemirror-inputrules';
import { TextSelection, type Plugin } from 'prosemirror-state';

const { nodes } = bookSchema;

/** `# ` to `### ` at the start of a paragraph make headings. */
export const headingRule = textblockTypeInputRule(/^(#{1,3})\s$/, nodes.heading, (match) => ({
  level: match[1]?.length ?? 1,
}));
export const blockquoteRule = wrappingInputRule(/^\s*>\s$/, nodes.blockquote);
export const bulletListRule = wrappingInputRule(/^\s*([-+*])\s$/, nodes.bullet_list);
export const orderedListRule = wrappingInputRule(
  /^(\d+)\.\s$/,
  nodes.ordered_list,
  (match) => ({ order: Number(match[1]) }),
  (match, node) => node.childCount + Number(node.attrs.order) === Number(match[1]),
);

/**
 * `---` (which the em-dash rule has already turned into `—-`) or `***` alone in a paragraph
 * becomes a horizontal rule followed by an empty paragraph.
 */
export const horizontalRuleRule = new InputRule(/^(?:—-|---|\*\*\*)$/, (state, _match, start) => {
  const $start = state.doc.resolve(start);
  if ($start.parent.type !== nodes.paragraph || $start.depth === 0) return null;
  const from = $start.before();
  const tr = state.tr.replaceWith(from, $start.after(), [
    nodes.horizontal_rule.create(),
    nodes.paragraph.create(),
  ]);
  // The rule is one position wide; the new paragraph's content starts one further in.
  return tr.setSelection(TextSelection.create(tr.doc, from + 2)).scrollIntoView();
});

export function bookInputRules(): Plugin {
  return inputRules({
    rules: [
      ...smartQuotes,
      ellipsis,
      emDash,
      headingRule,
      blockquoteRule,
      bulletListRule,
      orderedListRule,
      horizontalRuleRule,
    ],
  });
}

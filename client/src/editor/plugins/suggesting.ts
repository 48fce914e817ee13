import { Plugin, PluginKey, TextSelection, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet, type EditorView } from 'prosemirror-view';
import { ySyncPluginKey } from 'y-prosemirror';

/** A run of typing not sent yet: the text typed at one point, shown there until it is sent. */
export interface TypingRun {
  /** Numbers runs, so a new run at the same point is told from the one before. */
  serial: number;
  pos: number;
  /** The point as an encoded Yjs relative position, taken when the run began; null: unbound. */
  at: string | null;
  text: string;
}

export interface SuggestingState {
  isSuggesting: boolean;
  run: TypingRun | null;
}

/** What changes the state, carried as this plugin's transaction meta. */
export type SuggestingAction =
  | { type: 'set'; isSuggesting: boolean }
  | { type: 'type'; pos: number; at: string | null; text: string }
  | { type: 'backspace' }
  | { type: 'end' };

export const suggestingKey = new PluginKey<SuggestingState>('suggesting');

/** One mark added or removed over a passage: what a formatting command did. */
export interface MarkChange {
  from: number;
  to: number;
  mark: string;
  action: 'add' | 'remove';
  attrs: { href: string } | null;
}

/** A step's JSON, as prosemirror-transform writes mark steps (not a dependency of ours). */
interface StepJson {
  stepType?: string;
  from?: number;
  to?: number;
  mark?: { type: string; attrs?: Record<string, unknown> };
}

const isMarkStep = (json: StepJson): boolean => json.stepType === 'addMark' || json.stepType === 'removeMark';

/**
 * The mark change a transaction makes when it does nothing else (a toolbar button, Mod-b, the
 * link popover): one mark, added or removed, over one paragraph's passage. Null otherwise.
 */
export function markChangeOf(tr: Transaction, before: EditorState): MarkChange | null {
  const changes: MarkChange[] = [];
  for (const step of tr.steps) {
    const json = step.toJSON() as StepJson;
    if (!isMarkStep(json) || json.mark === undefined || json.from === undefined || json.to === undefined) {
      return null;
    }
    const action = json.stepType === 'addMark' ? 'add' : 'remove';
    const href = json.mark.attrs?.href;
    const attrs = action === 'add' && typeof href === 'string' ? { href } : null;
    changes.push({ from: json.from, to: json.to, mark: json.mark.type, action, attrs });
  }
  const [first] = changes;
  // toggleMark emits one step per text range it touches: the same mark, one span overall.
  if (first === undefined || changes.some((c) => c.mark !== first.mark || c.action !== first.action)) {
    return null;
  }
  const from = Math.min(...changes.map((c) => c.from));
  const to = Math.max(...changes.map((c) => c.to));
  if (from >= to || !before.doc.resolve(from).sameParent(before.doc.resolve(to))) return null;
  return { ...first, from, to };
}

const OFF: SuggestingState = { isSuggesting: false, run: null };

/** Typing at the run's point extends it; typing anywhere else ends it and starts another. */
export function typeInto(run: TypingRun | null, pos: number, text: string, at: string | null): TypingRun {
  if (run !== null && run.pos === pos) return { ...run, text: run.text + text };
  return { serial: (run?.serial ?? 0) + 1, pos, at, text };
}

/** Where a run's point is after `tr`. */
function runPosAfter(run: TypingRun, tr: Transaction, resolve: (at: string) => number | null): number {
  const sync = tr.getMeta(ySyncPluginKey) as { isChangeOrigin?: boolean } | undefined;
  // y-prosemirror renders a change from Yjs as one replacement of the whole document, which
  // ProseMirror's mapping cannot see through: the point is found again from its Yjs position.
  if (sync?.isChangeOrigin === true && run.at !== null) return resolve(run.at) ?? run.pos;
  return tr.docChanged ? tr.mapping.map(run.pos, -1) : run.pos;
}

/**
 * The state after `tr`: its action, the run's point moved with remote changes (`resolve` finds an
 * encoded point in the new document), and a caret moved away ending the run.
 */
export function nextSuggesting(
  value: SuggestingState,
  tr: Transaction,
  resolve: (at: string) => number | null = () => null,
): SuggestingState {
  const action = tr.getMeta(suggestingKey) as SuggestingAction | undefined;
  const run = value.run;
  if (action !== undefined) {
    switch (action.type) {
      case 'set':
        return { isSuggesting: action.isSuggesting, run: action.isSuggesting ? run : null };
      case 'type':
        return value.isSuggesting
          ? { ...value, run: typeInto(run, action.pos, action.text, action.at) }
          : value;
      case 'backspace':
        return run === null ? value : { ...value, run: { ...run, text: run.text.slice(0, -1) } };
      case 'end':
        return run === null ? value : { ...value, run: null };
    }
  }
  if (run === null) return value;
  const pos = runPosAfter(run, tr, resolve);
  // Clicking or arrowing elsewhere ends the run (the transaction's own selection is mapped too).
  const isMovedAway =
    tr.selectionSet && tr.getMeta(ySyncPluginKey) === undefined && tr.selection.head !== pos;
  if (isMovedAway) return { ...value, run: null };
  return pos === run.pos ? value : { ...value, run: { ...run, pos } };
}

export function isSuggesting(state: EditorState): boolean {
  return suggestingKey.getState(state)?.isSuggesting === true;
}

/** Switches suggesting on or off (a typing run not sent yet is dropped when it goes off). */
export function setSuggesting(tr: Transaction, on: boolean): Transaction {
  return tr.setMeta(suggestingKey, { type: 'set', isSuggesting: on } satisfies SuggestingAction);
}

export interface SuggestingOptions {
  /** A run of typing is over (a pause, the caret moved, suggesting switched off): send it. */
  onInsert: (run: TypingRun) => void;
  /** The point `pos` as an encoded Yjs relative position; null when the editor is not bound. */
  pointAt: (state: EditorState, pos: number) => string | null;
  /** Where an encoded point is in `state`'s document; null when it no longer resolves. */
  resolvePoint: (state: EditorState, at: string) => number | null;
  /** The passage `from`..`to` (within one paragraph) is to be suggested for deletion. */
  onDelete: (state: EditorState, from: number, to: number) => void;
  /** A mark is to be suggested added to, or removed from, the passage `from`..`to` (one paragraph). */
  onFormat: (state: EditorState, change: MarkChange) => void;
  /** Something suggesting cannot express was tried (a new paragraph, deleting across paragraphs). */
  onRefused: () => void;
  /** How long a pause in typing ends a run. */
  pauseMs: number;
}

function act(view: EditorView, action: SuggestingAction, tr: Transaction = view.state.tr): void {
  view.dispatch(tr.setMeta(suggestingKey, action));
}

/** Typed or pasted text: a selection is suggested for deletion first, the text goes after it. */
function suggestText(view: EditorView, text: string, options: SuggestingOptions): void {
  const { from, to, $from, $to } = view.state.selection;
  if (/[\r\n]/.test(text) || !$from.parent.isTextblock) {
    options.onRefused();
    return;
  }
  let tr = view.state.tr;
  if (from < to) {
    if (!$from.sameParent($to)) {
      options.onRefused();
      return;
    }
    options.onDelete(view.state, from, to);
    tr = tr.setSelection(TextSelection.create(view.state.doc, to));
  }
  act(view, { type: 'type', pos: to, at: options.pointAt(view.state, to), text }, tr);
}

/** Backspace or Delete: a selection is suggested for deletion; a run being typed loses a character. */
function suggestDeletion(view: EditorView, options: SuggestingOptions): void {
  const { from, to, $from, $to, head } = view.state.selection;
  const run = suggestingKey.getState(view.state)?.run ?? null;
  if (from < to) {
    if ($from.sameParent($to)) options.onDelete(view.state, from, to);
    else options.onRefused();
  } else if (run !== null && run.pos === head && run.text !== '') act(view, { type: 'backspace' });
  else options.onRefused();
}

/** Sends a run once it ends, or after a pause in typing. The only part with a timer. */
class RunSender {
  private timer: ReturnType<typeof setTimeout> | null = null;
  constructor(
    private readonly view: EditorView,
    private readonly options: SuggestingOptions,
  ) {}

  update(view: EditorView, previous: EditorState): void {
    const before = suggestingKey.getState(previous)?.run ?? null;
    const now = suggestingKey.getState(view.state)?.run ?? null;
    if (before === now) return;
    if (before !== null && before.serial !== now?.serial) this.send(before);
    this.clear();
    if (now !== null) this.timer = setTimeout(() => act(this.view, { type: 'end' }), this.options.pauseMs);
  }

  destroy(): void {
    this.clear();
  }

  private send(run: TypingRun): void {
    if (run.text !== '') this.options.onInsert(run);
  }

  private clear(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}

function runWidget(run: TypingRun): Decoration {
  const build = () => {
    const span = document.createElement('span');
    span.className = 'suggestion-insert suggestion-insert--typing';
    span.textContent = run.text;
    return span;
  };
  // Before the caret, which stays at the run's point: the text grows to its left as in typing.
  return Decoration.widget(run.pos, build, { side: -1, key: `typing-${run.serial}-${run.text}` });
}

const isKey = (event: KeyboardEvent, key: string) =>
  event.key === key && !event.ctrlKey && !event.metaKey && !event.altKey;

/**
 * Suggesting mode: while on, nothing typed reaches the text. A run of typing at one point is kept
 * here and shown where it goes; it is sent as one insert suggestion when the typing pauses, the
 * caret moves, or the mode goes off. Backspace or Delete on a selection (or typing over one)
 * suggests deleting it. Every other local change is filtered out, like the read-only guard does
 * (and for the same reason the view stays editable: a caret to select with). Must come before the
 * keymaps and the paste handling, so that its handlers see the events first.
 */
export function suggestingPlugin(options: SuggestingOptions): Plugin<SuggestingState> {
  return new Plugin<SuggestingState>({
    key: suggestingKey,
    state: {
      init: () => OFF,
      apply: (tr, value, _old, state) => nextSuggesting(value, tr, (at) => options.resolvePoint(state, at)),
    },
    filterTransaction: (tr, state) => {
      if (!(isSuggesting(state) && tr.docChanged && tr.getMeta(ySyncPluginKey) === undefined)) return true;
      // Formatting commands (toolbar, keyboard, link popover) dispatch mark steps that never
      // reach the text here; they become a format suggestion instead. Done in the filter because
      // it is the one place every command's transaction passes, whichever key or button made it.
      const change = markChangeOf(tr, state);
      if (change !== null) options.onFormat(state, change);
      else if (tr.steps.some((step) => isMarkStep(step.toJSON() as StepJson))) {
        options.onRefused();
      }
      return false;
    },
    view: (view) => new RunSender(view, options),
    props: {
      decorations: (state) => {
        const run = suggestingKey.getState(state)?.run;
        return run == null || run.text === '' ? null : DecorationSet.create(state.doc, [runWidget(run)]);
      },
      handleKeyDown: (view, event) => {
        if (!isSuggesting(view.state)) return false;
        if (isKey(event, 'Backspace') || isKey(event, 'Delete')) suggestDeletion(view, options);
        else if (isKey(event, 'Enter')) options.onRefused();
        else return false;
        return true;
      },
      handleDOMEvents: {
        beforeinput: (view, event) => {
          if (!isSuggesting(view.state)) return false;
          // Composition text cannot be cancelled; the filter drops it when it ends.
          if (event.cancelable) event.preventDefault();
          if (event.inputType === 'insertText' && event.data !== null) suggestText(view, event.data, options);
          else if (event.inputType.startsWith('delete')) suggestDeletion(view, options);
          else if (!event.inputType.startsWith('insertComposition')) options.onRefused();
          return true;
        },
        paste: (view, event) => {
          if (!isSuggesting(view.state)) return false;
          event.preventDefault();
          const text = event.clipboardData?.getData('text/plain') ?? '';
          if (text !== '') suggestText(view, text, options);
          return true;
        },
        drop: (view, event) => {
          if (!isSuggesting(view.state)) return false;
          event.preventDefault();
          options.onRefused();
          return true;
        },
      },
      // A reader suggesting types like an author: the read-only guard's attributes come after these.
      attributes: (state): Record<string, string> =>
        isSuggesting(state) ? { 'aria-readonly': 'false', inputmode: 'text', 'data-suggesting': 'true' } : {},
    },
  });
}

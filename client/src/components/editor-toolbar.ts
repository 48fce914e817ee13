import { LitElement, css, html, nothing } from 'lit';
import type { ToolbarAction, ToolbarState } from '../editor/editor-commands';

interface ButtonSpec {
  action: ToolbarAction;
  label: string;
  title: string;
  group: number;
}

const isMac = typeof navigator !== 'undefined' && /Mac|iP(hone|ad)/.test(navigator.platform);
const mod = isMac ? '⌘' : 'Ctrl+';
/** The table buttons' group. */
const TABLE_GROUP = 4;

const buttons: readonly ButtonSpec[] = [
  { action: 'bold', label: 'B', title: `Bold (${mod}B)`, group: 0 },
  { action: 'italic', label: 'I', title: `Italic (${mod}I)`, group: 0 },
  { action: 'link', label: 'Link', title: `Link (${mod}K)`, group: 0 },
  { action: 'paragraph', label: '¶', title: `Paragraph (${mod}Alt+0)`, group: 1 },
  { action: 'heading1', label: 'H1', title: `Heading 1 (${mod}Alt+1, or type "# ")`, group: 1 },
  { action: 'heading2', label: 'H2', title: `Heading 2 (${mod}Alt+2, or type "## ")`, group: 1 },
  { action: 'heading3', label: 'H3', title: `Heading 3 (${mod}Alt+3, or type "### ")`, group: 1 },
  { action: 'blockquote', label: '❝', title: 'Quote (type "> ")', group: 2 },
  { action: 'bulletList', label: '•', title: 'Bullet list (type "- ")', group: 2 },
  { action: 'orderedList', label: '1.', title: 'Numbered list (type "1. ")', group: 2 },
  { action: 'horizontalRule', label: '—', title: 'Horizontal rule (type "---")', group: 2 },
  { action: 'note', label: 'Note', title: `Footnote (${mod}Alt+F)`, group: 2 },
  { action: 'undo', label: '↶', title: `Undo your last change (${mod}Z)`, group: 3 },
  { action: 'redo', label: '↷', title: `Redo (${mod}Y)`, group: 3 },
  // Shown only with the caret in a table (see TABLE_GROUP).
  { action: 'rowAbove', label: '+Row↑', title: 'Add a row above', group: 4 },
  { action: 'rowBelow', label: '+Row↓', title: 'Add a row below', group: 4 },
  { action: 'columnBefore', label: '+Col←', title: 'Add a column before', group: 4 },
  { action: 'columnAfter', label: '+Col→', title: 'Add a column after', group: 4 },
  { action: 'deleteRow', label: '−Row', title: 'Delete this row', group: 4 },
  { action: 'deleteColumn', label: '−Col', title: 'Delete this column', group: 4 },
  { action: 'deleteTable', label: '−Table', title: 'Delete this table', group: 4 },
];

/**
 * Formatting buttons. Pressed and disabled states come from `state` (computed by the editor);
 * clicks become `toolbar-action` events. Buttons never take focus from the text.
 */
export class EditorToolbar extends LitElement {
  static override properties = { state: { attribute: false } };

  declare state: ToolbarState | null;

  static override styles = css`
    :host {
      display: flex;
      flex-wrap: wrap;
      gap: 0.75rem;
    }
    .group {
      display: flex;
      gap: 0.15rem;
    }
    button {
      min-width: 2rem;
      height: 2rem;
      padding: 0 0.45rem;
      border: 1px solid transparent;
      border-radius: 4px;
      background: transparent;
      font: inherit;
      cursor: pointer;
    }
    button:focus-visible {
      outline: 3px solid #1f5fbf;
      outline-offset: 1px;
    }
    button:hover:not(:disabled) {
      background: #ece6d9;
    }
    button[aria-pressed='true'] {
      background: #2f4858;
      color: #fff;
    }
    button:disabled {
      opacity: 0.35;
      cursor: default;
    }
    [data-action='bold'] {
      font-weight: 700;
    }
    [data-action='italic'] {
      font-style: italic;
    }
  `;

  constructor() {
    super();
    this.state = null;
  }

  protected override render() {
    // The table's buttons appear with the caret in a table, not as a row of disabled ones.
    const inTable = this.state?.rowBelow.isEnabled ?? false;
    const groups = [0, 1, 2, 3, ...(inTable ? [TABLE_GROUP] : [])].map((group) =>
      buttons.filter((button) => button.group === group),
    );
    return html`<div role="toolbar" aria-label="Formatting" style="display:contents">
      ${groups.map((group) => html`<div class="group">${group.map((button) => this.renderButton(button))}</div>`)}
    </div>`;
  }

  private renderButton(button: ButtonSpec) {
    const item = this.state?.[button.action];
    const isToggle = button.group < 3 && button.action !== 'horizontalRule' && button.action !== 'note';
    return html`<button
      type="button"
      data-action=${button.action}
      title=${button.title}
      aria-label=${button.title}
      aria-pressed=${isToggle ? String(item?.isActive ?? false) : nothing}
      ?disabled=${!(item?.isEnabled ?? false)}
      @mousedown=${(event: MouseEvent) => event.preventDefault()}
      @click=${() => this.activate(button.action)}
    >
      ${button.label}
    </button>`;
  }

  private activate(action: ToolbarAction): void {
    this.dispatchEvent(
      new CustomEvent('toolbar-action', { detail: { action }, bubbles: true, composed: true }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'editor-toolbar': EditorToolbar;
  }
  interface HTMLElementEventMap {
    'toolbar-action': CustomEvent<{ action: ToolbarAction }>;
  }
}

import { LitElement, html } from 'lit';

const isMac = typeof navigator !== 'undefined' && /Mac|iP(hone|ad|od)/.test(navigator.platform);
const mod = isMac ? '⌘' : 'Ctrl';
const alt = isMac ? '⌥' : 'Alt';

interface Shortcut {
  keys: readonly string[];
  what: string;
}

const groups: ReadonlyArray<{ title: string; shortcuts: readonly Shortcut[] }> = [
  {
    title: 'Writing',
    shortcuts: [
      { keys: [mod, 'B'], what: 'Bold' },
      { keys: [mod, 'I'], what: 'Italic' },
      { keys: [mod, 'K'], what: 'Link (on a link: remove it)' },
      { keys: [mod, alt, 'F'], what: 'Footnote' },
      { keys: [mod, alt, '0'], what: 'Paragraph' },
      { keys: [mod, alt, '1–3'], what: 'Heading 1 to 3' },
      { keys: ['Ctrl', '>'], what: 'Quote' },
      { keys: ['Shift', 'Ctrl', '8'], what: 'Bullet list' },
      { keys: ['Shift', 'Ctrl', '9'], what: 'Numbered list' },
      { keys: ['Tab'], what: 'In a list: indent the item (Shift+Tab: outdent)' },
      { keys: [mod, 'Enter'], what: 'Line break' },
      { keys: [mod, 'Z'], what: 'Undo your last change' },
      { keys: [mod, 'Y'], what: 'Redo' },
    ],
  },
  {
    title: 'Commenting and reading',
    shortcuts: [
      { keys: ['Shift', '←→↑↓'], what: 'Select a passage (also in text you can only read)' },
      { keys: [mod, alt, 'M'], what: 'Comment on the selected passage' },
      { keys: [mod, 'Enter'], what: 'Send a comment or reply' },
    ],
  },
  {
    title: 'Everywhere',
    shortcuts: [
      { keys: [mod, '/'], what: 'Show or hide these shortcuts' },
      { keys: ['Esc'], what: 'Close this sheet, a drawer or a question' },
    ],
  },
];

/** Mod-/ (Ctrl+/ or ⌘/), by key or by the key's place (layouts put "/" elsewhere). */
export function isShortcutsKey(
  event: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey'>,
): boolean {
  const hasMod = isMac ? event.metaKey : event.ctrlKey;
  return hasMod && !event.altKey && (event.key === '/' || event.code === 'Slash');
}

/**
 * The keyboard shortcuts, in a modal dialog opened with Ctrl+/ anywhere in the app (or `open()`).
 * The native dialog keeps focus inside and closes on Escape.
 */
export class ShortcutsSheet extends LitElement {
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('keydown', this.onKey, { capture: true });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('keydown', this.onKey, { capture: true });
  }

  protected override render() {
    return html`<dialog class="shortcuts-sheet" aria-labelledby="shortcuts-heading">
      <div class="shortcuts-sheet__header">
        <h2 id="shortcuts-heading">Keyboard shortcuts</h2>
        <button type="button" class="button" @click=${this.close}>Close</button>
      </div>
      ${groups.map(
        (group) =>
          html`<section>
            <h3>${group.title}</h3>
            <dl class="shortcuts-sheet__list">
              ${group.shortcuts.map(
                (shortcut) =>
                  html`<div class="shortcuts-sheet__row">
                    <dt>
                      ${shortcut.keys.map((key, index) => html`${index === 0 ? '' : '+'}<kbd>${key}</kbd>`)}
                    </dt>
                    <dd>${shortcut.what}</dd>
                  </div>`,
              )}
            </dl>
          </section>`,
      )}
    </dialog>`;
  }

  open(): void {
    const dialog = this.querySelector('dialog');
    if (dialog !== null && !dialog.open) dialog.showModal();
  }

  private readonly close = () => this.querySelector('dialog')?.close();

  private readonly onKey = (event: KeyboardEvent) => {
    if (!isShortcutsKey(event)) return;
    event.preventDefault();
    const dialog = this.querySelector('dialog');
    if (dialog?.open === true) dialog.close();
    else this.open();
  };
}

declare global {
  interface HTMLElementTagNameMap {
    'shortcuts-sheet': ShortcutsSheet;
  }
}

import { LitElement, html, nothing, type PropertyValues } from 'lit';
import type { NoticePlace } from '../account/read-only-notice';
import { submitOnModEnter } from './submit-on-mod-enter';

/** What the popover asks for: a link's address, a new note, or an existing note to read or edit. */
export type EditorPrompt =
  | { kind: 'link'; place: NoticePlace | null }
  | { kind: 'note'; place: NoticePlace | null; note: { pos: number; text: string } | null; canEdit: boolean };

function titleOf(prompt: EditorPrompt): string {
  if (prompt.kind === 'link') return 'Link';
  if (prompt.note === null) return 'New footnote';
  return prompt.canEdit ? 'Footnote' : 'Footnote (read only)';
}

/**
 * A small form by the selection, in place of the browser's `prompt()`: a link's address, a note's
 * text (new, or to read and edit). Its first field takes focus; Enter (Ctrl+Enter in a note) sends,
 * Escape cancels. Reports `prompt-submit`, `prompt-remove` and `prompt-cancel`.
 */
export class EditorPopover extends LitElement {
  static override properties = { prompt: { attribute: false }, error: {} };

  declare prompt: EditorPrompt | null;
  declare error: string | null;

  constructor() {
    super();
    this.prompt = null;
    this.error = null;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override updated(changed: PropertyValues<this>): void {
    if (changed.has('prompt') && this.prompt !== null) {
      this.querySelector<HTMLInputElement | HTMLTextAreaElement>('input, textarea, button')?.focus();
    }
  }

  protected override render() {
    const prompt = this.prompt;
    if (prompt === null) return null;
    const place = prompt.place;
    const style =
      place === null ? '' : `left: clamp(0px, ${place.left}px, calc(100% - 22rem)); top: ${place.top}px`;
    const title = titleOf(prompt);
    return html`<form
      class="editor-popover ${place === null ? '' : 'editor-popover--at-caret'}"
      role="dialog"
      aria-label=${title}
      style=${style}
      @submit=${this.submit}
      @keydown=${this.onKey}
    >
      <strong class="editor-popover__title">${title}</strong>
      ${prompt.kind === 'link' ? this.renderLink() : this.renderNote(prompt)}
      ${this.error === null ? null : html`<p class="form-error" role="alert">${this.error}</p>`}
    </form>`;
  }

  private renderLink() {
    return html`<label for="popover-href">Link to</label>
      <input id="popover-href" name="value" type="url" value="https://" autocomplete="url" />
      <div class="editor-popover__buttons">
        <button type="submit" class="button button--primary">Add link</button>
        <button type="button" class="button" @click=${this.cancel}>Cancel</button>
      </div>`;
  }

  private renderNote(prompt: Extract<EditorPrompt, { kind: 'note' }>) {
    const existing = prompt.note;
    if (existing !== null && !prompt.canEdit) {
      return html`<p class="editor-popover__note">${existing.text}</p>
        <div class="editor-popover__buttons">
          <button type="button" class="button" @click=${this.cancel}>Close</button>
        </div>`;
    }
    return html`<label for="popover-note">Note text</label>
      <textarea id="popover-note" name="value" rows="3" maxlength="2000" @keydown=${submitOnModEnter}>
${existing?.text ?? ''}</textarea>
      <div class="editor-popover__buttons">
        <button type="submit" class="button button--primary">
          ${existing === null ? 'Add note' : 'Save note'}
        </button>
        ${
          existing === null
            ? nothing
            : html`<button type="button" class="button" @click=${this.onRemove}>Remove note</button>`
        }
        <button type="button" class="button" @click=${this.cancel}>Cancel</button>
      </div>`;
  }

  private readonly submit = (event: SubmitEvent) => {
    event.preventDefault();
    const value = new FormData(event.target as HTMLFormElement).get('value');
    this.emit('prompt-submit', { value: typeof value === 'string' ? value : '' });
  };

  private readonly onKey = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.preventDefault();
    event.stopPropagation();
    this.cancel();
  };

  private readonly cancel = () => this.emit('prompt-cancel', undefined);

  private readonly onRemove = () => this.emit('prompt-remove', undefined);

  private emit<K extends keyof PopoverEvents>(type: K, detail: PopoverEvents[K]): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true }));
  }
}

interface PopoverEvents {
  'prompt-submit': { value: string };
  'prompt-remove': undefined;
  'prompt-cancel': undefined;
}

declare global {
  interface HTMLElementTagNameMap {
    'editor-popover': EditorPopover;
  }
  interface HTMLElementEventMap {
    'prompt-submit': CustomEvent<PopoverEvents['prompt-submit']>;
    'prompt-remove': CustomEvent<undefined>;
    'prompt-cancel': CustomEvent<undefined>;
  }
}

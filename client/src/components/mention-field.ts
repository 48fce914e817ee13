import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { insertMention, matchingNames, mentionQueryAt, type MentionQuery } from '../comments/mention-query';
import { submitOnModEnter } from './submit-on-mod-enter';

let nextFieldId = 1;

/**
 * A comment box: a textarea (named, so its form reads it) that offers the book's members as you
 * type `@`. Arrow keys move through the list, Enter or Tab picks, Escape closes it; the pick is
 * written as `@Name ` (what the server reads as a mention). Ctrl/Cmd+Enter sends the form.
 * Accessible as an autocompleting textbox: the list is a listbox the textarea controls, and the
 * option in focus is its active descendant, so focus never leaves the text.
 */
export class MentionField extends LitElement {
  static override properties = {
    name: {},
    label: {},
    placeholder: {},
    rows: { type: Number },
    value: {},
    names: { attribute: false },
    query: { state: true },
    activeIndex: { state: true },
  };

  declare name: string;
  declare label: string;
  declare placeholder: string;
  declare rows: number;
  /** The text the box starts with (editing a comment); later typing is the textarea's own. */
  declare value: string;
  /** Members who can be mentioned. */
  declare names: readonly string[];
  declare query: MentionQuery | null;
  declare activeIndex: number;
  private readonly listId = `mention-list-${String(nextFieldId++)}`;

  constructor() {
    super();
    this.name = 'body';
    this.label = '';
    this.placeholder = '';
    this.rows = 3;
    this.value = '';
    this.names = [];
    this.query = null;
    this.activeIndex = 0;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  get textarea(): HTMLTextAreaElement | null {
    return this.querySelector('textarea');
  }

  /** The names the open list shows (empty: the list is closed). */
  get suggestions(): string[] {
    return this.query === null ? [] : matchingNames(this.names, this.query.text);
  }

  protected override firstUpdated(): void {
    if (this.textarea && this.value !== '') this.textarea.value = this.value;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('query') || changed.has('names')) {
      this.activeIndex = Math.min(this.activeIndex, Math.max(0, this.suggestions.length - 1));
    }
  }

  protected override render() {
    const suggestions = this.suggestions;
    const isOpen = suggestions.length > 0;
    return html`<textarea
        name=${this.name}
        aria-label=${this.label}
        placeholder=${this.placeholder || nothing}
        rows=${this.rows}
        maxlength="5000"
        aria-autocomplete="list"
        aria-controls=${this.listId}
        aria-activedescendant=${isOpen ? this.optionId(this.activeIndex) : nothing}
        @input=${this.follow}
        @click=${this.follow}
        @keyup=${this.onKeyup}
        @keydown=${this.onKeydown}
        @blur=${this.close}
      ></textarea>
      <ul id=${this.listId} class="mention-list" role="listbox" aria-label="Members" ?hidden=${!isOpen}>
        ${suggestions.map(
          (name, index) =>
            html`<li
              id=${this.optionId(index)}
              class="mention-list__option"
              role="option"
              aria-selected=${String(index === this.activeIndex)}
              @mousedown=${(event: MouseEvent) => {
                // Keeps focus (and the caret) in the textarea.
                event.preventDefault();
                this.pick(name);
              }}
            >
              ${name}
            </li>`,
        )}
      </ul>`;
  }

  private optionId(index: number): string {
    return `${this.listId}-${String(index)}`;
  }

  /** Reads the `@…` at the caret after typing or a caret move. */
  private readonly follow = (): void => {
    const textarea = this.textarea;
    if (!textarea || textarea.selectionStart !== textarea.selectionEnd) {
      this.query = null;
      return;
    }
    this.query = mentionQueryAt(textarea.value, textarea.selectionStart);
  };

  private readonly close = (): void => {
    this.query = null;
  };

  /** Caret moves by keyboard (Home, arrows while closed) also move the query. */
  private readonly onKeyup = (event: KeyboardEvent): void => {
    if (['ArrowLeft', 'ArrowRight', 'Home', 'End'].includes(event.key)) this.follow();
  };

  private readonly onKeydown = (event: KeyboardEvent): void => {
    const suggestions = this.suggestions;
    const hasModifier = event.ctrlKey || event.metaKey || event.altKey;
    if (suggestions.length > 0 && !hasModifier) {
      const count = suggestions.length;
      const handled = this.onListKey(event.key, suggestions, count);
      if (handled) {
        event.preventDefault();
        // Escape here closes the list, not the panel or sheet around it.
        event.stopPropagation();
        return;
      }
    }
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) this.close();
    submitOnModEnter(event);
  };

  private onListKey(key: string, suggestions: readonly string[], count: number): boolean {
    switch (key) {
      case 'ArrowDown':
        this.activeIndex = (this.activeIndex + 1) % count;
        return true;
      case 'ArrowUp':
        this.activeIndex = (this.activeIndex - 1 + count) % count;
        return true;
      case 'Enter':
      case 'Tab':
        this.pick(suggestions[this.activeIndex] ?? suggestions[0]!);
        return true;
      case 'Escape':
        this.close();
        return true;
      default:
        return false;
    }
  }

  private pick(name: string): void {
    const textarea = this.textarea;
    if (!textarea || this.query === null) return;
    const next = insertMention(textarea.value, this.query, name);
    textarea.value = next.value;
    textarea.setSelectionRange(next.caret, next.caret);
    this.query = null;
    this.activeIndex = 0;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'mention-field': MentionField;
  }
}

import { LitElement, html } from 'lit';
import { submitOnModEnter } from './submit-on-mod-enter';

/**
 * The chapter's notes, listed at its end in the order of their numbers in the text, so they can
 * be read without hovering; writers edit one in place. Reports `note-edit` ({ index, text }; an
 * empty text removes the note). Shows nothing while the chapter has no notes.
 */
export class ChapterNotes extends LitElement {
  static override properties = {
    notes: { attribute: false },
    canEdit: { type: Boolean, attribute: 'can-edit' },
    editingIndex: { state: true },
  };

  declare notes: readonly string[];
  declare canEdit: boolean;
  declare editingIndex: number | null;

  constructor() {
    super();
    this.notes = [];
    this.canEdit = false;
    this.editingIndex = null;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render() {
    if (this.notes.length === 0) return null;
    return html`<section class="chapter-notes" aria-labelledby="chapter-notes-heading">
      <h2 id="chapter-notes-heading">Notes</h2>
      <ol>
        ${this.notes.map((text, index) => html`<li>${this.renderNote(text, index)}</li>`)}
      </ol>
    </section>`;
  }

  private renderNote(text: string, index: number) {
    if (this.editingIndex === index && this.canEdit) {
      return html`<form
        class="chapter-notes__form"
        @submit=${(event: SubmitEvent) => this.save(event, index)}
      >
        <textarea
          name="text"
          rows="2"
          maxlength="2000"
          aria-label="Text of note ${index + 1}"
          .value=${text}
          @keydown=${submitOnModEnter}
        ></textarea>
        <div class="chapter-notes__buttons">
          <button type="submit" class="button">Save</button>
          <button type="button" class="button" @click=${() => (this.editingIndex = null)}>Cancel</button>
        </div>
      </form>`;
    }
    return html`<span class="chapter-notes__text">${text}</span> ${
        this.canEdit
          ? html`<button
              type="button"
              class="link-button"
              aria-label="Edit note ${index + 1}"
              @click=${() => (this.editingIndex = index)}
            >
              Edit
            </button>`
          : null
      }`;
  }

  private save(event: SubmitEvent, index: number): void {
    event.preventDefault();
    const text = new FormData(event.target as HTMLFormElement).get('text');
    this.editingIndex = null;
    this.dispatchEvent(
      new CustomEvent('note-edit', {
        detail: { index, text: typeof text === 'string' ? text : '' },
        bubbles: true,
      }),
    );
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'chapter-notes': ChapterNotes;
  }
  interface HTMLElementEventMap {
    'note-edit': CustomEvent<{ index: number; text: string }>;
  }
}

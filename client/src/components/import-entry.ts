import { LitElement, html } from 'lit';
import { postImport, type ImportResult } from '../api/book-files';

/**
 * "Import chapters…": picks a .md, .html or .docx file and appends its chapters to the book (a
 * chapter per top-level heading), then says what was added and what the book could not hold.
 * Fires `book-imported` with the result.
 */
export class ImportEntry extends LitElement {
  static override properties = {
    bookId: { attribute: 'book-id' },
    message: { state: true },
    isWorking: { state: true },
  };

  declare bookId: string;
  declare message: string;
  declare isWorking: boolean;

  constructor() {
    super();
    this.bookId = '';
    this.message = '';
    this.isWorking = false;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private async import(input: HTMLInputElement): Promise<void> {
    const file = input.files?.[0];
    if (!file) return;
    this.isWorking = true;
    this.message = `Importing ${file.name}…`;
    try {
      const result = await postImport(this.bookId, file);
      this.message = summary(result);
      this.dispatchEvent(new CustomEvent('book-imported', { detail: result, bubbles: true }));
    } catch (error) {
      this.message = error instanceof Error ? error.message : 'The import failed.';
    } finally {
      this.isWorking = false;
      input.value = '';
    }
  }

  protected override render() {
    return html`<label class="import-entry"
        >Import chapters…
        <input
          type="file"
          accept=".md,.markdown,.txt,.html,.htm,.docx"
          ?disabled=${this.isWorking}
          @change=${(event: Event) => void this.import(event.target as HTMLInputElement)}
      /></label>
      <span class="import-entry__status" role="status">${this.message}</span>`;
  }
}

function summary(result: ImportResult): string {
  const added = `Added ${result.chapters.length} ${result.chapters.length === 1 ? 'chapter' : 'chapters'}`;
  const lost = Object.entries(result.unsupported).map(([kind, count]) => `${count} × ${kind}`);
  return lost.length === 0 ? `${added}.` : `${added}. Not kept as it was: ${lost.join(', ')}.`;
}

declare global {
  interface HTMLElementTagNameMap {
    'import-entry': ImportEntry;
  }
  interface HTMLElementEventMap {
    'book-imported': CustomEvent<ImportResult>;
  }
}

import { LitElement, html } from 'lit';
import { fetchNamedVersions, type NamedVersion } from '../api/book-files';

/**
 * In the Export dialog: for each chapter, "As it is now" or one of its named versions. Loads the
 * versions when it connects (it is rendered only once that choice is made) and fires
 * `export-versions-change` with chapter id → version id for the chapters not left as they are.
 */
export class ExportVersionPicker extends LitElement {
  static override properties = {
    bookId: { attribute: 'book-id' },
    chapters: { attribute: false },
    versions: { state: true },
    error: { state: true },
  };

  declare bookId: string;
  declare chapters: readonly { id: string; title: string }[];
  /** Chapter id → its named versions; null while loading. */
  declare versions: Map<string, NamedVersion[]> | null;
  declare error: string;
  private readonly chosen = new Map<string, number>();

  constructor() {
    super();
    this.bookId = '';
    this.chapters = [];
    this.versions = null;
    this.error = '';
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const loaded = new Map<string, NamedVersion[]>();
      // One chapter at a time: a book has tens of chapters, and the server serves the writers first.
      for (const chapter of this.chapters) {
        loaded.set(chapter.id, await fetchNamedVersions(this.bookId, chapter.id));
      }
      this.versions = loaded;
    } catch (error) {
      this.error = error instanceof Error ? error.message : 'The versions could not be read.';
    }
  }

  private choose(chapterId: string, value: string): void {
    if (value === '') this.chosen.delete(chapterId);
    else this.chosen.set(chapterId, Number(value));
    this.dispatchEvent(
      new CustomEvent('export-versions-change', { detail: new Map(this.chosen), bubbles: true }),
    );
  }

  protected override render() {
    if (this.error) return html`<p role="alert">${this.error}</p>`;
    if (this.versions === null) return html`<p>Reading the chapters' versions…</p>`;
    const versions = this.versions;
    return html`${this.chapters.map((chapter) => {
      const named = versions.get(chapter.id) ?? [];
      return html`<label class="export-version-picker__chapter"
        >${chapter.title}
        <select
          ?disabled=${named.length === 0}
          @change=${(event: Event) => this.choose(chapter.id, (event.target as HTMLSelectElement).value)}
        >
          <option value="">As it is now</option>
          ${named.map(
            (version) =>
              html`<option value=${String(version.id)}>
                ${version.name} (${new Date(version.createdAt).toLocaleString()})
              </option>`,
          )}
        </select></label
      >`;
    })}`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'export-version-picker': ExportVersionPicker;
  }
  interface HTMLElementEventMap {
    'export-versions-change': CustomEvent<Map<string, number>>;
  }
}

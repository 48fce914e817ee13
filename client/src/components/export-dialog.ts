import { LitElement, html } from 'lit';
import {
  exportFormatLabels,
  fetchBookImages,
  fetchExport,
  postCoverImage,
  type BookImage,
  type ExportFormat,
  type ExportRequestOptions,
} from '../api/book-files';

const ExportStatus = { idle: 'idle', working: 'working', done: 'done', failed: 'failed' } as const;
type ExportStatus = (typeof ExportStatus)[keyof typeof ExportStatus];

/** `<input type="datetime-local">`'s value (local time, no zone) as a moment; null when empty. */
function localTime(value: string): Date | null {
  const at = value === '' ? null : new Date(value);
  return at && Number.isFinite(at.getTime()) ? at : null;
}

/**
 * "Export…": a dialog to pick a format and what goes in (comments as an appendix, the book as of
 * a time, Markdown as one file or a zip, a cover image), with progress while the server renders
 * and sends the file, then the browser's download. PDF takes longest (the server lays out pages
 * in a browser).
 */
export class ExportDialog extends LitElement {
  static override properties = {
    bookId: { attribute: 'book-id' },
    chapters: { attribute: false },
    format: { state: true },
    textChoice: { state: true },
    bookImages: { state: true },
    isUploadingCover: { state: true },
    options: { state: true },
    status: { state: true },
    message: { state: true },
  };

  declare bookId: string;
  /** The book's chapters in order, for picking a named version of each. */
  declare chapters: readonly { id: string; title: string }[];
  declare format: ExportFormat;
  /** Which text: as it is now, the book as of a time, or chapters as named versions. */
  declare textChoice: 'now' | 'as-of' | 'versions';
  /** The book's figures' images, offered as covers (read when the dialog opens). */
  declare bookImages: BookImage[];
  declare isUploadingCover: boolean;
  declare options: ExportRequestOptions;
  declare status: ExportStatus;
  declare message: string;
  /** A cover picked in the dialog, uploaded to the book when the export starts. */
  private coverFile: File | null = null;

  constructor() {
    super();
    this.bookId = '';
    this.chapters = [];
    this.format = 'epub';
    this.textChoice = 'now';
    this.bookImages = [];
    this.isUploadingCover = false;
    this.options = {
      hasComments: false,
      asOf: null,
      markdownLayout: 'single',
      coverImageId: null,
      versionOf: new Map(),
    };
    this.status = ExportStatus.idle;
    this.message = '';
  }

  private set(change: Partial<ExportRequestOptions>): void {
    this.options = { ...this.options, ...change };
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private get dialog(): HTMLDialogElement | null {
    return this.querySelector('dialog');
  }

  private async download(): Promise<void> {
    this.status = ExportStatus.working;
    try {
      if (this.coverFile) {
        this.message = 'Uploading the cover…';
        this.set({ coverImageId: await postCoverImage(this.bookId, this.coverFile) });
        this.coverFile = null;
      }
      this.message = 'Preparing the file…';
      const request = { format: this.format, options: this.options };
      const { blob, fileName } = await fetchExport(this.bookId, request, (received) => {
        this.message = `Downloading… ${Math.ceil(received / 1024)} KB`;
      });
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = fileName;
      link.click();
      setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
      this.status = ExportStatus.done;
      this.message = `${fileName} downloaded.`;
    } catch (error) {
      this.status = ExportStatus.failed;
      this.message = error instanceof Error ? error.message : 'The export failed.';
    }
  }

  private chooseText(choice: 'now' | 'as-of' | 'versions'): void {
    this.textChoice = choice;
    this.set({ asOf: null, versionOf: new Map() });
  }

  /** Which text: now, as of a time (each chapter as last saved then), or named versions. */
  private renderTextChoice() {
    const radio = (value: typeof this.textChoice, label: string) =>
      html`<label
        ><input
          type="radio"
          name="text"
          value=${value}
          .checked=${this.textChoice === value}
          @change=${() => this.chooseText(value)}
        />
        ${label}</label
      >`;
    return html`<div class="export-dialog__text" role="radiogroup" aria-label="Text">
      ${radio('now', 'The text as it is now')} ${radio('as-of', 'The book as of a date and time')}
      ${radio('versions', 'Chapters as named versions')}
      ${
        this.textChoice === 'as-of'
          ? html`<label
              >As of
              <input
                type="datetime-local"
                name="as-of"
                @change=${(event: Event) =>
                  this.set({ asOf: localTime((event.target as HTMLInputElement).value) })}
            /></label>`
          : null
      }
      ${
        this.textChoice === 'versions'
          ? html`<export-version-picker
              .bookId=${this.bookId}
              .chapters=${this.chapters}
              @export-versions-change=${(event: CustomEvent<Map<string, number>>) =>
                this.set({ versionOf: event.detail })}
            ></export-version-picker>`
          : null
      }
    </div>`;
  }

  private async open(): Promise<void> {
    this.dialog?.showModal();
    try {
      this.bookImages = await fetchBookImages(this.bookId);
    } catch {
      // Without the list, a cover can still be uploaded: the choice just offers no figures.
      this.bookImages = [];
    }
  }

  /** No cover, one of the book's figures' images, or an image uploaded here. */
  private renderCover() {
    const choose = (value: string) => {
      this.isUploadingCover = value === 'upload';
      if (!this.isUploadingCover) this.coverFile = null;
      this.set({ coverImageId: value === '' || value === 'upload' ? null : value });
    };
    return html`<label
        >Cover
        <select name="cover" @change=${(event: Event) => choose((event.target as HTMLSelectElement).value)}>
          <option value="">No cover</option>
          ${this.bookImages.map(
            (image) =>
              html`<option value=${image.id}>${image.alt || 'Image'} (${image.chapterTitle})</option>`,
          )}
          <option value="upload">Upload an image…</option>
        </select></label
      >
      ${
        this.isUploadingCover
          ? html`<label
              >Cover image (PNG, JPEG or GIF)
              <input
                type="file"
                name="cover-file"
                accept="image/png,image/jpeg,image/gif"
                @change=${(event: Event) => {
                  this.coverFile = (event.target as HTMLInputElement).files?.[0] ?? null;
                }}
            /></label>`
          : null
      }`;
  }

  /** What goes in: comments, which text, Markdown's layout, a cover. */
  private renderChoices(isWorking: boolean) {
    const { options } = this;
    return html`<fieldset class="export-dialog__options" ?disabled=${isWorking}>
      <legend>What goes in</legend>
      <label
        ><input
          type="checkbox"
          name="comments"
          .checked=${options.hasComments}
          @change=${(event: Event) => this.set({ hasComments: (event.target as HTMLInputElement).checked })}
        />
        Comments as an appendix (each thread with its passage, names and replies)</label
      >
      ${this.renderTextChoice()}
      ${
        this.format === 'md'
          ? html`<label
              >Markdown as
              <select
                name="markdown-layout"
                @change=${(event: Event) =>
                  this.set({ markdownLayout: (event.target as HTMLSelectElement).value as 'single' | 'zip' })}
              >
                <option value="single" ?selected=${options.markdownLayout === 'single'}>One file</option>
                <option value="zip" ?selected=${options.markdownLayout === 'zip'}>
                  A zip, one file per chapter
                </option>
              </select></label
            >`
          : null
      }
      ${this.renderCover()}
    </fieldset>`;
  }

  protected override render() {
    const isWorking = this.status === ExportStatus.working;
    return html`<button type="button" class="export-dialog__open" @click=${() => void this.open()}>
        Export…
      </button>
      <dialog class="export-dialog" aria-labelledby="export-dialog-title">
        <h2 id="export-dialog-title">Export the book</h2>
        <label
          >Format
          <select
            name="format"
            .value=${this.format}
            ?disabled=${isWorking}
            @change=${(event: Event) => (this.format = (event.target as HTMLSelectElement).value as ExportFormat)}
          >
            ${Object.entries(exportFormatLabels).map(
              ([value, label]) =>
                html`<option value=${value} ?selected=${value === this.format}>${label}</option>`,
            )}
          </select>
        </label>
        ${this.renderChoices(isWorking)}
        <p class="export-dialog__note">
          With a title page and a contributors page; the page after the title says which text this is and
          whether comments are included.
        </p>
        <p class="export-dialog__status" role="status" data-status=${this.status}>${this.message}</p>
        <button type="button" ?disabled=${isWorking} @click=${() => void this.download()}>Download</button>
        <button type="button" @click=${() => this.dialog?.close()}>Close</button>
      </dialog>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'export-dialog': ExportDialog;
  }
}

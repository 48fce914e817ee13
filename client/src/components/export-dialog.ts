import { LitElement, html } from 'lit';
import { exportFormatLabels, fetchExport, type ExportFormat } from '../api/book-files';

const ExportStatus = { idle: 'idle', working: 'working', done: 'done', failed: 'failed' } as const;
type ExportStatus = (typeof ExportStatus)[keyof typeof ExportStatus];

/**
 * "Export…": a dialog to pick a format, with progress while the server renders and sends the file,
 * then the browser's download. PDF takes longest (the server lays out pages in a browser).
 */
export class ExportDialog extends LitElement {
  static override properties = {
    bookId: { attribute: 'book-id' },
    format: { state: true },
    status: { state: true },
    message: { state: true },
  };

  declare bookId: string;
  declare format: ExportFormat;
  declare status: ExportStatus;
  declare message: string;

  constructor() {
    super();
    this.bookId = '';
    this.format = 'epub';
    this.status = ExportStatus.idle;
    this.message = '';
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  private get dialog(): HTMLDialogElement | null {
    return this.querySelector('dialog');
  }

  private async download(): Promise<void> {
    this.status = ExportStatus.working;
    this.message = 'Preparing the file…';
    try {
      const { blob, fileName } = await fetchExport(this.bookId, this.format, (received) => {
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

  protected override render() {
    const isWorking = this.status === ExportStatus.working;
    return html`<button type="button" class="export-dialog__open" @click=${() => this.dialog?.showModal()}>
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
        <p class="export-dialog__note">
          With a title page and a contributors page; comments are not included.
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

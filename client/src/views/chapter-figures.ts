import { html, nothing } from 'lit';
import type { ApiClient } from '../api/api-client';
import { ApiError } from '../api/api-error';
import type { BookEditor } from '../editor/book-editor';
import type { ImageUpload } from '../editor/plugins/image-paste';

/**
 * Figures and tables in the chapter view: the Image and Table buttons for writers, the upload
 * (also used by paste and drop in the editor), and the last refusal (too large, not an image).
 */
export class ChapterFigures {
  error: string | null = null;

  constructor(
    private readonly host: { requestUpdate(): void },
    private readonly deps: {
      api: () => ApiClient | null;
      bookId: () => string;
      editor: () => BookEditor | null;
    },
  ) {}

  /** What the editor calls for pasted or dropped images. */
  readonly upload: ImageUpload = async (file) => {
    const api = this.deps.api();
    if (api === null) return null;
    this.error = null;
    try {
      return (await api.uploadImage(this.deps.bookId(), file)).src;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      this.error = `The image was not added: ${error.message}`;
      return null;
    } finally {
      this.host.requestUpdate();
    }
  };

  render(isEditing: boolean) {
    if (!isEditing) return nothing;
    return html`<span class="chapter-figures">
      <label class="button">
        Image
        <input type="file" accept="image/png,image/jpeg,image/gif,image/webp" hidden @change=${this.onFile} />
      </label>
      <button type="button" class="button" @click=${() => this.deps.editor()?.insertTable()}>Table</button>
      ${this.error === null ? nothing : html`<span role="alert" class="chapter-figures__error">${this.error}</span>`}
    </span>`;
  }

  private readonly onFile = async (event: Event) => {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (file === undefined) return;
    const src = await this.upload(file);
    if (src !== null) this.deps.editor()?.insertFigure(src, file.name.replace(/\.[^.]+$/, ''));
  };
}

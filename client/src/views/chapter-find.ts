import { html, nothing } from 'lit';
import type { BookEditor } from '../editor/book-editor';
import type { FindStatus } from '../components/find-bar';

/**
 * Find and replace in the chapter view: whether the bar is open and what the editor last said,
 * and the bar's events run against the editor. Replacing is the replacer's own edit (their
 * connection sends it), so history attributes the new text to them.
 */
export class ChapterFind {
  isOpen = false;
  status: FindStatus | null = null;

  constructor(
    private readonly host: { requestUpdate(): void; querySelector(selector: string): Element | null },
    private readonly editor: () => BookEditor | null,
  ) {}

  open(): void {
    this.isOpen = true;
    this.host.requestUpdate();
    requestAnimationFrame(() => (this.host.querySelector('find-bar') as HTMLElement | null)?.focus());
  }

  close(): void {
    this.isOpen = false;
    this.editor()?.find('');
    this.host.requestUpdate();
  }

  render(canReplace: boolean) {
    if (!this.isOpen) return nothing;
    return html`<find-bar
      .status=${this.status}
      .canReplace=${canReplace}
      @find-query=${(event: CustomEvent<{ query: string }>) => this.editor()?.find(event.detail.query)}
      @find-step=${(event: CustomEvent<{ direction: 1 | -1 }>) => this.editor()?.findStep(event.detail.direction)}
      @find-replace=${(event: CustomEvent<{ replacement: string; isAll: boolean }>) =>
        this.editor()?.replaceFound(event.detail.replacement, event.detail.isAll)}
      @find-close=${() => this.close()}
    ></find-bar>`;
  }

  readonly onFindChange = (event: CustomEvent<FindStatus>) => {
    this.status = event.detail;
    this.host.requestUpdate();
  };

  /** Ctrl/Cmd+F in the chapter opens the bar instead of the browser's find. */
  readonly onKeyDown = (event: KeyboardEvent) => {
    if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'f') {
      event.preventDefault();
      this.open();
    }
  };
}

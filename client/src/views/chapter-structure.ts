import { html, nothing } from 'lit';

/** Above a chapter in the trash: it says so, and writers can bring it back from here. */
export function renderTrashedNotice(isTrashed: boolean, canRestore: boolean, chapterId: string) {
  if (!isTrashed) return nothing;
  const restore = (event: Event) =>
    event.target?.dispatchEvent(
      new CustomEvent('chapter-restore', { detail: { chapterId }, bubbles: true, composed: true }),
    );
  return html`<p class="notice" role="status" data-testid="trashed-notice">
    This chapter is in the trash.
    ${canRestore ? html`<button type="button" class="button" @click=${restore}>Restore</button>` : nothing}
  </p>`;
}

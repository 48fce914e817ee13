import { bookSchema, type DiffView } from '@wethink/shared/client';
import { LitElement, html } from 'lit';
import { authorOf, type AuthorDirectory } from '../history/author-directory';
import { diffAttribution } from '../history/diff-attribution';
import { changedPassages } from '../history/diff-passages';
import { renderDiffBlocks, type RenderedDiff } from '../history/diff-rendering';
import { diffDocuments } from '../history/document-diff';
import { formatNumber } from '../format/counts';

/**
 * A diff between two versions of a chapter as the chapter reads (headings, lists, quotes,
 * emphasis), insertions underlined and deletions struck through in the colour of who made them,
 * each named on hover and on keyboard focus; a legend of who changed what; and a toggle to show
 * only the changed passages with one block of context around each.
 */
export class VersionDiff extends LitElement {
  static override properties = {
    diff: { attribute: false },
    authors: { attribute: false },
    isChangedOnly: { state: true },
  };

  declare diff: DiffView | null;
  declare authors: AuthorDirectory;
  declare isChangedOnly: boolean;
  private rendered: RenderedDiff = { blocks: [], shares: [] };

  constructor() {
    super();
    this.diff = null;
    this.authors = new Map();
    this.isChangedOnly = false;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    if (!changed.has('diff') && !changed.has('authors')) return;
    const diff = this.diff;
    if (diff === null) {
      this.rendered = { blocks: [], shares: [] };
      return;
    }
    // Rendering is the costly part: done once per diff, not per toggle.
    const from = bookSchema.nodeFromJSON(diff.fromContent);
    const to = bookSchema.nodeFromJSON(diff.toContent);
    this.rendered = renderDiffBlocks(
      diffDocuments(from, to),
      diffAttribution(diff.runs, from, to),
      this.authors,
    );
  }

  protected override render() {
    const isChanged = this.rendered.blocks.map((block) => block.isChanged);
    const hasChanges = isChanged.includes(true);
    return html`${this.renderLegend()}
      <div class="version-diff__controls">
        <button
          type="button"
          class="button button--toggle"
          aria-pressed=${String(this.isChangedOnly)}
          ?disabled=${!hasChanges}
          @click=${() => (this.isChangedOnly = !this.isChangedOnly)}
        >
          Changed passages only
        </button>
      </div>
      <div class="version-viewer__text version-diff__text book-text" data-testid="version-diff">
        ${
          this.isChangedOnly
            ? changedPassages(isChanged).map((passage) =>
                passage.kind === 'block'
                  ? this.rendered.blocks[passage.index]!.dom
                  : html`<p class="version-diff__gap" data-testid="diff-gap">
                      … ${formatNumber(passage.count)} unchanged
                      ${passage.count === 1 ? 'paragraph' : 'paragraphs'}
                    </p>`,
              )
            : this.rendered.blocks.map((block) => block.dom)
        }
      </div>`;
  }

  private renderLegend() {
    // Who changed what in the text shown (not in the shared document's history, where a restore
    // deletes and retypes: the reader compares the two texts).
    const shares = this.rendered.shares;
    if (shares.length === 0 && !this.rendered.blocks.some((block) => block.isChanged)) {
      return html`<p class="version-viewer__legend">No changes.</p>`;
    }
    return html`<ul class="version-viewer__legend" aria-label="Who changed what">
      ${shares.map((share) => {
        const author = authorOf(this.authors, share.userId);
        return html`<li data-author=${author.name}>
          <span class="person-mark" style="background:${author.color}" aria-hidden="true"
            >${author.initials}</span
          >
          ${author.name}:
          <ins class="version-diff__key-insert" style="text-decoration-color:${author.color}"
            >${formatNumber(share.inserted)} added</ins
          >,
          <del class="version-diff__key-delete" style="text-decoration-color:${author.color}"
            >${formatNumber(share.deleted)} deleted</del
          >
          characters
        </li>`;
      })}
    </ul>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'version-diff': VersionDiff;
  }
}

import { bookSchema, type VersionView } from '@wethink/shared/client';
import { LitElement, html } from 'lit';
import { DOMSerializer } from 'prosemirror-model';
import type { AuthorDirectory } from '../history/author-directory';
import type { VersionSelection } from '../history/history-controller';

/** How a version is named in the interface. */
export function versionTitle(version: VersionView): string {
  return version.name ?? 'Automatic';
}

export function versionTime(version: VersionView): string {
  return new Date(version.createdAt).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * One version of a chapter, over the whole window (a diff needs the width of the page, not a side
 * column): what changed from it to now (or to another version) as `<version-diff>` shows it, or
 * its own text, both formatted as the chapter reads. Writers can restore it after confirming.
 * Escape or "← History" closes it. Reports `version-compare`, `version-restore` and
 * `version-close` upward.
 */
export class VersionViewer extends LitElement {
  static override properties = {
    selection: { attribute: false },
    versions: { attribute: false },
    authors: { attribute: false },
    canRestore: { type: Boolean, attribute: 'can-restore' },
    isBusy: { type: Boolean, attribute: 'busy' },
    mode: { state: true },
    isConfirming: { state: true },
  };

  declare selection: VersionSelection | null;
  declare versions: readonly VersionView[];
  declare authors: AuthorDirectory;
  declare canRestore: boolean;
  declare isBusy: boolean;
  declare mode: 'changes' | 'text';
  declare isConfirming: boolean;

  constructor() {
    super();
    this.selection = null;
    this.versions = [];
    this.authors = new Map();
    this.canRestore = false;
    this.isBusy = false;
    this.mode = 'changes';
    this.isConfirming = false;
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override updated(): void {
    const dialog = this.querySelector('dialog');
    if (dialog === null || dialog.open) return;
    dialog.showModal();
    // The keyboard starts where the eye does: at the way back out.
    this.querySelector<HTMLButtonElement>('.version-viewer__back')?.focus();
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    const previous = changed.get('selection') as VersionSelection | null | undefined;
    if (changed.has('selection') && previous?.versionId !== this.selection?.versionId) {
      this.isConfirming = false;
    }
  }

  protected override render() {
    const selection = this.selection;
    if (selection === null) return null;
    const version = this.versions.find((candidate) => candidate.id === selection.versionId);
    // A modal <dialog> sits in the top layer, above the chapter's sticky header and side column
    // whatever their stacking contexts; Escape arrives as its `cancel` event (and Chromium closes
    // a dialog whose cancel was refused twice in a row anyway: `close` covers that).
    return html`<dialog
      class="version-viewer"
      aria-label="Version"
      data-version-id=${selection.versionId}
      @cancel=${(event: Event) => {
        event.preventDefault();
        this.emit('version-close', {});
      }}
      @close=${() => this.emit('version-close', {})}
    >
      <div class="version-viewer__page">
        <header class="version-viewer__header">
          <button
            type="button"
            class="button version-viewer__back"
            @click=${() => this.emit('version-close', {})}
          >
            ← History
          </button>
          <h3>${version === undefined ? 'Version' : `${versionTitle(version)} · ${versionTime(version)}`}</h3>
        </header>
        <div class="version-viewer__controls">
          <div role="group" aria-label="Show">
            ${(['changes', 'text'] as const).map(
              (mode) =>
                html`<button
                  type="button"
                  class="button button--toggle"
                  aria-pressed=${String(this.mode === mode)}
                  @click=${() => (this.mode = mode)}
                >
                  ${mode === 'changes' ? 'Changes' : 'Text of this version'}
                </button>`,
            )}
          </div>
          ${this.mode === 'changes' ? this.renderCompare(selection) : null}
        </div>
        ${this.canRestore ? this.renderRestore(selection.versionId) : null}
        ${
          selection.status === 'loading'
            ? html`<p aria-busy="true">Loading the version…</p>`
            : selection.status === 'failed'
              ? html`<p class="form-error">This version could not be loaded.</p>`
              : this.mode === 'changes'
                ? this.renderDiff(selection)
                : this.renderText(selection)
        }
      </div>
    </dialog>`;
  }

  private renderCompare(selection: VersionSelection) {
    const others = this.versions.filter((version) => version.id !== selection.versionId);
    return html`<label class="version-viewer__compare">
      Compared with
      <select
        aria-label="Compare with"
        @change=${(event: Event) => {
          const value = (event.target as HTMLSelectElement).value;
          this.emit('version-compare', { to: value === 'now' ? 'now' : Number(value) });
        }}
      >
        <option value="now" ?selected=${selection.compareTo === 'now'}>Now</option>
        ${others.map(
          (version) =>
            html`<option value=${version.id} ?selected=${selection.compareTo === version.id}>
              ${versionTitle(version)} · ${versionTime(version)}
            </option>`,
        )}
      </select>
    </label>`;
  }

  private renderRestore(versionId: number) {
    if (!this.isConfirming) {
      return html`<button
        type="button"
        class="button"
        ?disabled=${this.isBusy}
        @click=${() => (this.isConfirming = true)}
      >
        Restore this version
      </button>`;
    }
    return html`<div class="version-viewer__confirm" role="alertdialog" aria-label="Restore this version?">
      <p>
        The chapter will read like this version again, for everyone. The current text stays in the history.
      </p>
      <button
        type="button"
        class="button button--primary"
        ?disabled=${this.isBusy}
        @click=${() => {
          this.isConfirming = false;
          this.emit('version-restore', { versionId });
        }}
      >
        Yes, restore it
      </button>
      <button type="button" class="button" @click=${() => (this.isConfirming = false)}>Cancel</button>
    </div>`;
  }

  private renderDiff(selection: VersionSelection) {
    return html`<version-diff .diff=${selection.diff} .authors=${this.authors}></version-diff>`;
  }

  private renderText(selection: VersionSelection) {
    const content = selection.content?.content;
    const text = selection.content?.text ?? '';
    if (content === undefined || text === '') {
      return html`<div class="version-viewer__text" data-testid="version-text">
        <p><em>This version is empty.</em></p>
      </div>`;
    }
    // The version as the chapter reads: the book schema's own rendering of its content.
    const dom = DOMSerializer.fromSchema(bookSchema).serializeFragment(
      bookSchema.nodeFromJSON(content).content,
    );
    return html`<div class="version-viewer__text book-text" data-testid="version-text">${dom}</div>`;
  }

  private emit<K extends keyof VersionViewerEvents>(type: K, detail: VersionViewerEvents[K]): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true }));
  }
}

interface VersionViewerEvents {
  'version-compare': { to: number | 'now' };
  'version-restore': { versionId: number };
  'version-close': Record<string, never>;
}

declare global {
  interface HTMLElementTagNameMap {
    'version-viewer': VersionViewer;
  }
  interface HTMLElementEventMap {
    'version-compare': CustomEvent<VersionViewerEvents['version-compare']>;
    'version-restore': CustomEvent<VersionViewerEvents['version-restore']>;
    'version-close': CustomEvent<VersionViewerEvents['version-close']>;
  }
}

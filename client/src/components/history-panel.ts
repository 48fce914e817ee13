import { LitElement, html } from 'lit';
import { authorOf } from '../history/author-directory';
import { contributionBars } from '../history/contribution-bars';
import type { HistoryState, VersionEntry } from '../history/history-controller';
import { versionTime, versionTitle } from './version-viewer';

/**
 * A chapter's history beside the editor: its versions, newest first, with who changed the
 * chapter since the version before; a way for writers to name the chapter as it is now; each
 * author's contributions with a small chart and a CSV download. Selecting a version shows it in a
 * `<version-viewer>`. Reports `history-close`, `history-refresh`, `version-name` and
 * `version-select` upward.
 */
export class HistoryPanel extends LitElement {
  static override properties = {
    state: { attribute: false },
    canWrite: { type: Boolean, attribute: 'can-write' },
    csvHref: { attribute: 'csv-href' },
    draftName: { state: true },
  };

  declare state: HistoryState | null;
  declare canWrite: boolean;
  declare csvHref: string;
  declare draftName: string;

  constructor() {
    super();
    this.state = null;
    this.canWrite = false;
    this.csvHref = '';
    this.draftName = '';
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override updated(changed: Map<PropertyKey, unknown>): void {
    // The viewer replaced the list while open: once it closes, the keyboard goes back to the
    // version it showed (a closed <dialog> would return focus to its opener, which is gone).
    const previous = (changed.get('state') as HistoryState | null | undefined)?.selection;
    if (previous && this.state?.selection === null) {
      this.querySelector<HTMLButtonElement>(`li[data-version-id="${previous.versionId}"] button`)?.focus();
    }
  }

  protected override render() {
    const state = this.state;
    if (state === null || state.status === 'closed') return null;
    return html`<aside class="history-panel" aria-label="History">
      <header class="history-panel__header">
        <h2>History</h2>
        <button type="button" class="button" @click=${() => this.emit('history-refresh', {})}>Refresh</button>
        <button type="button" class="button" @click=${() => this.emit('history-close', {})}>Close</button>
      </header>
      ${state.notice === null ? null : html`<p class="history-panel__notice" role="status">${state.notice}</p>`}
      ${
        state.status === 'loading'
          ? html`<p aria-busy="true">Loading the history…</p>`
          : state.status === 'failed'
            ? html`<p class="form-error" role="alert">${state.error}</p>`
            : state.selection !== null
              ? html`<version-viewer
                  .selection=${state.selection}
                  .versions=${state.versions.map((entry) => entry.version)}
                  .authors=${state.authors}
                  ?can-restore=${this.canWrite}
                  ?busy=${state.isBusy}
                ></version-viewer>`
              : this.renderOverview(state)
      }
    </aside>`;
  }

  private renderOverview(state: HistoryState) {
    return html`${this.canWrite ? this.renderNameForm(state.isBusy) : null}
      <section aria-labelledby="history-versions">
        <h3 id="history-versions">Versions</h3>
        ${
          state.versions.length === 0
            ? html`<p class="history-panel__empty">
                No versions yet. One is kept automatically when writing pauses.
              </p>`
            : html`<ol class="history-panel__versions">
                ${state.versions.map((entry) => this.renderVersion(entry, state))}
              </ol>`
        }
      </section>
      <section aria-labelledby="history-contributions">
        <h3 id="history-contributions">Contributions</h3>
        <contribution-chart
          .bars=${contributionBars(state.stats?.users ?? [])}
          .authors=${state.authors}
        ></contribution-chart>
        <a class="history-panel__csv" href=${this.csvHref} download="contributions.csv">Download as CSV</a>
      </section>`;
  }

  private renderNameForm(isBusy: boolean) {
    return html`<form class="history-panel__name" @submit=${this.onNameSubmit}>
      <input
        type="text"
        aria-label="Version name"
        placeholder="e.g. Sent to the editor"
        maxlength="200"
        .value=${this.draftName}
        @input=${(event: Event) => (this.draftName = (event.target as HTMLInputElement).value)}
      />
      <button type="submit" class="button" ?disabled=${isBusy || this.draftName.trim() === ''}>
        Name this version
      </button>
    </form>`;
  }

  private renderVersion(entry: VersionEntry, state: HistoryState) {
    const { version, contributors } = entry;
    const creator = version.createdBy === null ? null : authorOf(state.authors, version.createdBy);
    return html`<li data-version-id=${version.id} data-kind=${version.kind}>
      <button
        type="button"
        class="history-panel__version"
        @click=${() => this.emit('version-select', { versionId: version.id })}
      >
        <span class="history-panel__version-name">${versionTitle(version)}</span>
        <time datetime=${version.createdAt}>${versionTime(version)}</time>
        ${creator === null ? null : html`<span class="history-panel__by">named by ${creator.name}</span>`}
        <span class="history-panel__contributors">
          ${
            contributors === null
              ? null
              : contributors.length === 0
                ? 'no changes'
                : contributors.map((userId) => {
                    const author = authorOf(state.authors, userId);
                    return html`<span class="history-panel__contributor" data-author=${author.name}
                      ><span class="swatch" style="background:${author.color}" aria-hidden="true"></span
                      >${author.name}</span
                    >`;
                  })
          }
        </span>
      </button>
    </li>`;
  }

  private readonly onNameSubmit = (event: SubmitEvent) => {
    event.preventDefault();
    const name = this.draftName.trim();
    if (name === '') return;
    this.draftName = '';
    this.emit('version-name', { name });
  };

  private emit<K extends keyof HistoryPanelEvents>(type: K, detail: HistoryPanelEvents[K]): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true }));
  }
}

interface HistoryPanelEvents {
  'history-close': Record<string, never>;
  'history-refresh': Record<string, never>;
  'version-name': { name: string };
  'version-select': { versionId: number };
}

declare global {
  interface HTMLElementTagNameMap {
    'history-panel': HistoryPanel;
  }
  interface HTMLElementEventMap {
    'history-close': CustomEvent<HistoryPanelEvents['history-close']>;
    'history-refresh': CustomEvent<HistoryPanelEvents['history-refresh']>;
    'version-name': CustomEvent<HistoryPanelEvents['version-name']>;
    'version-select': CustomEvent<HistoryPanelEvents['version-select']>;
  }
}

import { html } from 'lit';
import { contributionsCsvPath, type ChapterRef } from '../api/api-client';
import type { AuthorshipController } from '../history/authorship-controller';
import type { HistoryController } from '../history/history-controller';
import { authorsInPaint } from '../history/authors-in-paint';

/** The chapter view's history parts: the header's toggles and the panel beside the editor. */

export function renderHistoryButtons(
  history: HistoryController,
  authorship: AuthorshipController,
  chapter: ChapterRef,
) {
  if (!history.canOpen) return null;
  return html`<button
      type="button"
      class="button button--toggle"
      aria-pressed=${String(authorship.isOn)}
      title=${authorship.error ?? 'Colour the text by who wrote it'}
      @click=${() => authorship.toggle()}
    >
      Authors' colours
    </button>
    <button
      type="button"
      class="button button--toggle"
      aria-expanded=${String(history.isOpen)}
      @click=${() => (history.isOpen ? history.close() : history.open(chapter))}
    >
      History
    </button>`;
}

export function renderHistoryPanel(history: HistoryController, canWrite: boolean, chapter: ChapterRef) {
  if (!history.isOpen) return null;
  return html`<history-panel
    class="chapter-view__history"
    .state=${history.state}
    ?can-write=${canWrite}
    csv-href=${contributionsCsvPath(chapter)}
    @history-close=${() => history.close()}
    @history-refresh=${() => void history.load()}
    @version-name=${(event: CustomEvent<{ name: string }>) => void history.nameVersion(event.detail.name)}
    @version-select=${(event: CustomEvent<{ versionId: number }>) => history.select(event.detail.versionId)}
    @version-compare=${(event: CustomEvent<{ to: number | 'now' }>) => {
      const versionId = history.state.selection?.versionId;
      if (versionId !== undefined) history.select(versionId, event.detail.to);
    }}
    @version-restore=${(event: CustomEvent<{ versionId: number }>) => void history.restore(event.detail.versionId)}
    @version-close=${() => history.unselect()}
  ></history-panel>`;
}

/** While the text is coloured by author: who each colour is (only people with text here). */
export function renderAuthorshipLegend(authorship: AuthorshipController) {
  const paint = authorship.isOn ? authorship.paint : null;
  if (paint === null) return null;
  return html`<author-legend label="Authors' colours" .authors=${authorsInPaint(paint)}></author-legend>`;
}

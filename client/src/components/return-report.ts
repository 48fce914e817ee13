import type { ChangeCounts, ReturnReportView } from '@wethink/shared/client';
import { LitElement, html, nothing } from 'lit';
import { formatCount } from '../format/counts';

function counts(changes: ChangeCounts): string {
  const parts = [];
  if (changes.wordsAdded > 0) parts.push(`${formatCount(changes.wordsAdded, 'word')} added`);
  if (changes.wordsRemoved > 0) parts.push(`${formatCount(changes.wordsRemoved, 'word')} removed`);
  if (parts.length === 0)
    parts.push(`${formatCount(changes.charsInserted + changes.charsDeleted, 'character')} changed`);
  return parts.join(', ');
}

/** One chapter's lines of the report, in words a person reads. */
export function reportLines(chapter: ReturnReportView['chapters'][number]): string[] {
  const lines = chapter.mine === null ? [] : [`Your changes went in: ${counts(chapter.mine)}.`];
  for (const other of chapter.others) lines.push(`${other.name}: ${counts(other)}.`);
  return lines;
}

/**
 * "While you were away": after editing offline, what merged per chapter (this person's changes
 * and everyone else's since they went offline). Reports `return-report-dismiss`.
 */
export class ReturnReport extends LitElement {
  static override properties = {
    report: { attribute: false },
    chapterTitles: { attribute: false },
  };

  declare report: ReturnReportView | null;
  declare chapterTitles: ReadonlyMap<string, string>;

  constructor() {
    super();
    this.report = null;
    this.chapterTitles = new Map();
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render() {
    const report = this.report;
    if (report === null) return nothing;
    const chapters = report.chapters.filter((chapter) => reportLines(chapter).length > 0);
    return html`<section class="return-report" role="status" aria-label="While you were away">
      <h2 class="return-report__title">While you were away</h2>
      ${
        chapters.length === 0
          ? html`<p>Nothing else changed; your changes are saved.</p>`
          : html`<ul>
              ${chapters.map(
                (chapter) =>
                  html`<li>
                    <strong>${this.chapterTitles.get(chapter.chapterId) ?? 'A chapter'}</strong>
                    <ul>
                      ${reportLines(chapter).map((line) => html`<li>${line}</li>`)}
                    </ul>
                  </li>`,
              )}
            </ul>`
      }
      <button
        type="button"
        class="button"
        @click=${() => this.dispatchEvent(new CustomEvent('return-report-dismiss', { bubbles: true }))}
      >
        Dismiss
      </button>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'return-report': ReturnReport;
  }
  interface HTMLElementEventMap {
    'return-report-dismiss': CustomEvent<unknown>;
  }
}

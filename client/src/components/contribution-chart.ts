import { LitElement, html, svg } from 'lit';
import { authorOf, type AuthorDirectory } from '../history/author-directory';
import type { ContributionBar } from '../history/contribution-bars';
import { formatNumber } from '../format/counts';

function words(count: number): string {
  return `${formatNumber(count)} ${count === 1 ? 'word' : 'words'}`;
}

function comments(count: number): string {
  return `${formatNumber(count)} ${count === 1 ? 'comment' : 'comments'}`;
}

function resolved(count: number): string {
  return `${formatNumber(count)} ${count === 1 ? 'thread' : 'threads'} resolved`;
}

const BAR_HEIGHT = 5;
const BAR_GAP = 1.5;

/**
 * Each author's words added, removed and still in the text, as three bars on one shared scale
 * (hand-drawn SVG), with the numbers, active days, comments written and threads resolved in
 * words beside them.
 */
export class ContributionChart extends LitElement {
  static override properties = { bars: { attribute: false }, authors: { attribute: false } };

  declare bars: readonly ContributionBar[];
  declare authors: AuthorDirectory;

  constructor() {
    super();
    this.bars = [];
    this.authors = new Map();
  }

  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  protected override render() {
    if (this.bars.length === 0) return html`<p class="history-panel__empty">Nobody has written here yet.</p>`;
    return html`<ul class="contribution-chart" aria-label="Contributions by author">
      ${this.bars.map((bar) => this.renderBar(bar))}
    </ul>`;
  }

  private renderBar(bar: ContributionBar) {
    const color = authorOf(this.authors, bar.userId).color;
    const rows = [
      { label: 'added', width: bar.addedWidth, opacity: 1 },
      { label: 'removed', width: bar.removedWidth, opacity: 0.35 },
      { label: 'surviving', width: bar.survivingWidth, opacity: 0.7 },
    ];
    const summary = `${bar.name}: ${words(bar.wordsAdded)} added, ${words(bar.wordsRemoved)} removed, ${words(
      bar.wordsSurviving,
    )} surviving, active on ${bar.activeDays} ${bar.activeDays === 1 ? 'day' : 'days'}, ${comments(
      bar.commentsWritten,
    )}, ${resolved(bar.threadsResolved)}`;
    return html`<li class="contribution-chart__row" data-author=${bar.name}>
      <span class="contribution-chart__name">
        <span class="swatch" style="background:${color}" aria-hidden="true"></span>${bar.name}
      </span>
      <svg
        class="contribution-chart__bars"
        viewBox="0 0 100 ${rows.length * (BAR_HEIGHT + BAR_GAP)}"
        preserveAspectRatio="none"
        role="img"
        aria-label=${summary}
      >
        ${rows.map(
          (row, index) =>
            svg`<rect x="0" y=${index * (BAR_HEIGHT + BAR_GAP)} width=${Math.max(row.width * 100, 0.5)}
              height=${BAR_HEIGHT} fill=${color} fill-opacity=${row.opacity}><title>${row.label}</title></rect>`,
        )}
      </svg>
      <span class="contribution-chart__numbers">
        +${formatNumber(bar.wordsAdded)} / −${formatNumber(bar.wordsRemoved)} · ${words(bar.wordsSurviving)}
        surviving · ${bar.activeDays} ${bar.activeDays === 1 ? 'day' : 'days'}
      </span>
      <span class="contribution-chart__comments" data-testid="comment-stats">
        ${comments(bar.commentsWritten)} · ${resolved(bar.threadsResolved)}
      </span>
    </li>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'contribution-chart': ContributionChart;
  }
}

import type { RoundRecord } from '@wethink/shared/client';
import { html } from 'lit';
import type { ThreadFilter } from '../comments/thread-list';

/** The comments panel's filters: status, only mine, and the review round (once there are rounds). */
export function renderThreadFilters(
  filter: ThreadFilter,
  rounds: readonly RoundRecord[],
  onChange: (filter: ThreadFilter) => void,
) {
  const change = (patch: Partial<ThreadFilter>) => onChange({ ...filter, ...patch });
  const statuses = [
    ['all', 'All'],
    ['open', 'Open'],
    ['resolved', 'Resolved'],
  ] as const;
  return html`<div class="comments-panel__filters">
    <label>
      Show
      <select
        aria-label="Thread status"
        @change=${(event: Event) =>
          change({ status: (event.target as HTMLSelectElement).value as ThreadFilter['status'] })}
      >
        ${statuses.map(
          ([value, label]) =>
            html`<option value=${value} ?selected=${filter.status === value}>${label}</option>`,
        )}
      </select>
    </label>
    <label>
      <input
        type="checkbox"
        .checked=${filter.isMine}
        @change=${(event: Event) => change({ isMine: (event.target as HTMLInputElement).checked })}
      />
      Mine
    </label>
    ${
      rounds.length === 0
        ? null
        : html`<select
            aria-label="Review round"
            @change=${(event: Event) => change({ roundId: (event.target as HTMLSelectElement).value || null })}
          >
            <option value="" ?selected=${filter.roundId === null}>Any round</option>
            ${rounds.map(
              (round) =>
                html`<option value=${round.id} ?selected=${filter.roundId === round.id}>
                  ${round.title}
                </option>`,
            )}
          </select>`
    }
  </div>`;
}

import { Deadline, type Clock } from './deadline';
import { SaveStage, type SaveSummary } from './save-tracker';

/**
 * What the save indicator shows: a settled `SaveStage`, or `saving` while the changes are on their
 * way (typing moves them through every stage within a frame or two, too fast to read).
 */
export const ShownStage = { saving: 'saving', ...SaveStage } as const;
export type ShownStage = (typeof ShownStage)[keyof typeof ShownStage];

export interface ShownSave {
  stage: ShownStage;
  /** The unsaved changes when the stage settled; meaningless while `saving`. */
  unsavedChanges: number;
}

/** Weakest first: a shown stage never claims more than the real one. */
const strength: Record<ShownStage, number> = { saving: 0, memory: 1, device: 2, sent: 3, saved: 4 };

export interface SaveDisplayOptions {
  initial: SaveSummary;
  onChange: (shown: ShownSave) => void;
  clock: Clock;
  /** How long the real stage must stay put before it is shown. */
  settleMs?: number;
}

/**
 * Turns the save tracker's stages, which step "memory → device → sent → saved" on every keystroke,
 * into what a person can read: `saving` at once when the changes are behind what is shown (so
 * "Saved" never stays up over unsaved text), and the real stage only once it has held for
 * `settleMs`. While someone types, the label changes twice per burst, not four times per key.
 * "Saved" therefore appears a little after the durable ack, never before it.
 */
export class SaveDisplay {
  private current: ShownSave;
  private latest: SaveSummary;
  private readonly settle: Deadline;
  private readonly settleMs: number;

  constructor(private readonly options: SaveDisplayOptions) {
    this.settleMs = options.settleMs ?? 400;
    this.latest = options.initial;
    this.current = { stage: options.initial.stage, unsavedChanges: options.initial.unsavedChanges };
    this.settle = new Deadline(options.clock, () =>
      this.show({ stage: this.latest.stage, unsavedChanges: this.latest.unsavedChanges }),
    );
  }

  get shown(): ShownSave {
    return this.current;
  }

  observe(summary: SaveSummary): void {
    if (summary.stage === this.latest.stage && summary.unsavedChanges === this.latest.unsavedChanges) return;
    this.latest = summary;
    if (strength[summary.stage] < strength[this.current.stage]) {
      this.show({ stage: ShownStage.saving, unsavedChanges: this.current.unsavedChanges });
    }
    if (summary.stage === this.current.stage && summary.unsavedChanges === this.current.unsavedChanges)
      this.settle.cancel();
    else this.settle.restart(this.settleMs);
  }

  dispose(): void {
    this.settle.cancel();
  }

  private show(shown: ShownSave): void {
    if (shown.stage === this.current.stage && shown.unsavedChanges === this.current.unsavedChanges) return;
    this.current = shown;
    this.options.onChange(shown);
  }
}

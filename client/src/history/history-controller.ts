import type {
  ContributionStatsView,
  DiffView,
  VersionContentView,
  VersionView,
} from '@wethink/shared/client';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ApiClient, ChapterRef } from '../api/api-client';
import { ApiError, errorMessage } from '../api/api-error';
import { authorDirectory, type AuthorDirectory } from './author-directory';
import { activeContributors } from './contribution-bars';

/** A version in the timeline, and who changed the chapter since the version before it. */
export interface VersionEntry {
  version: VersionView;
  /** User ids; null while not known (still loading, or older than the versions we look up). */
  contributors: readonly string[] | null;
}

/** The version being looked at: its diff against `compareTo`, and its own text. */
export interface VersionSelection {
  versionId: number;
  compareTo: number | 'now';
  status: 'loading' | 'ready' | 'failed';
  diff: DiffView | null;
  content: VersionContentView | null;
}

export interface HistoryState {
  status: 'closed' | 'loading' | 'ready' | 'failed';
  /** Newest first. */
  versions: readonly VersionEntry[];
  stats: ContributionStatsView | null;
  authors: AuthorDirectory;
  selection: VersionSelection | null;
  /** A naming or restoring request is on its way. */
  isBusy: boolean;
  /** What the last action did ("Restored …"), or why it failed. */
  notice: string | null;
  error: string | null;
}

const closed: HistoryState = {
  status: 'closed',
  versions: [],
  stats: null,
  authors: new Map(),
  selection: null,
  isBusy: false,
  notice: null,
  error: null,
};

/** Who contributed is looked up for this many of the newest versions (one request each). */
const CONTRIBUTOR_LOOKUPS = 10;

function versionLabel(version: VersionView): string {
  if (version.name !== null) return `“${version.name}”`;
  const time = new Date(version.createdAt).toLocaleString('en', { dateStyle: 'medium', timeStyle: 'short' });
  return `the automatic version of ${time}`;
}

/**
 * The history panel's data for one chapter: versions (newest first, each with who changed the
 * chapter since the one before), contribution statistics, the selected version's diff and text,
 * and the writer's actions (name a version, restore one). Every request goes through `ApiClient`;
 * answers for a chapter or selection no longer shown are dropped.
 */
export class HistoryController implements ReactiveController {
  state: HistoryState = closed;
  private chapter: ChapterRef | null = null;
  private loadSeq = 0;
  private selectSeq = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    /** Null while the page has no server to ask: the panel then stays closed and nothing loads. */
    private readonly deps: { api: () => ApiClient | null },
  ) {
    host.addController(this);
  }

  hostDisconnected(): void {
    this.close();
  }

  get isOpen(): boolean {
    return this.state.status !== 'closed';
  }

  /** Whether there is a server to ask for the history (the page shows its buttons only then). */
  get canOpen(): boolean {
    return this.deps.api() !== null;
  }

  /** Opens (or re-targets) the panel on a chapter and loads its history. */
  open(chapter: ChapterRef): void {
    if (!this.canOpen) return;
    this.chapter = chapter;
    this.selectSeq += 1;
    this.set({ ...closed, status: 'loading' });
    void this.load();
  }

  close(): void {
    this.chapter = null;
    this.loadSeq += 1;
    this.selectSeq += 1;
    if (this.state.status !== 'closed') this.set(closed);
  }

  /** Loads versions, members and statistics afresh (after an action, or on request). */
  async load(): Promise<void> {
    const chapter = this.chapter;
    const api = this.deps.api();
    if (chapter === null || api === null) return;
    const seq = ++this.loadSeq;
    try {
      const [versions, members, stats] = await Promise.all([
        api.listVersions(chapter),
        api.listMembers(chapter.bookId),
        api.chapterContributions(chapter),
      ]);
      if (seq !== this.loadSeq) return;
      const newestFirst = [...versions].sort((a, b) => b.id - a.id);
      this.set({
        status: 'ready',
        versions: newestFirst.map((version) => ({ version, contributors: null })),
        authors: authorDirectory(members),
        stats,
        error: null,
      });
      // Not awaited: the timeline shows at once, contributors fill in as they arrive.
      this.loadContributors(chapter, newestFirst, seq).catch((error: unknown) => {
        if (seq === this.loadSeq)
          this.set({ notice: `Who wrote each version is unknown: ${errorMessage(error)}` });
      });
    } catch (error) {
      if (seq !== this.loadSeq) return;
      this.set({ status: 'failed', error: errorMessage(error) });
    }
  }

  /** Shows a version: its changes up to now (or to another version) and its own text. */
  select(versionId: number, compareTo: number | 'now' = 'now'): void {
    const chapter = this.chapter;
    const api = this.deps.api();
    if (chapter === null || api === null) return;
    const seq = ++this.selectSeq;
    this.set({
      selection: { versionId, compareTo, status: 'loading', diff: null, content: null },
      notice: null,
    });
    Promise.all([api.diff(chapter, versionId, compareTo), api.getVersion(chapter, versionId)]).then(
      ([diff, content]) => {
        if (seq !== this.selectSeq) return;
        this.set({ selection: { versionId, compareTo, status: 'ready', diff, content } });
      },
      (error: unknown) => {
        if (seq !== this.selectSeq) return;
        const selection = { versionId, compareTo, status: 'failed', diff: null, content: null } as const;
        this.set({ selection, notice: errorMessage(error) });
      },
    );
  }

  unselect(): void {
    this.selectSeq += 1;
    this.set({ selection: null });
  }

  /** Names the chapter as it is now (owners and authors; the server refuses others). */
  nameVersion(name: string): Promise<void> {
    return this.act(async (api, chapter) => {
      const version = await api.createVersion(chapter, name);
      await this.load();
      return `Named this version “${version.name ?? name}”.`;
    });
  }

  /** Makes the chapter read like `versionId` again, as a new edit; everyone sees it live. */
  restore(versionId: number): Promise<void> {
    const entry = this.state.versions.find((candidate) => candidate.version.id === versionId);
    return this.act(async (api, chapter) => {
      await api.restoreVersion(chapter, versionId);
      await this.load();
      const selection = this.state.selection;
      if (selection !== null) this.select(selection.versionId, selection.compareTo);
      return `Restored ${entry === undefined ? 'the version' : versionLabel(entry.version)}.`;
    });
  }

  private async loadContributors(chapter: ChapterRef, newestFirst: VersionView[], seq: number) {
    const api = this.deps.api();
    if (api === null) return;
    const looked = newestFirst.slice(0, CONTRIBUTOR_LOOKUPS);
    for (const [index, version] of looked.entries()) {
      const previous = newestFirst[index + 1];
      const range = {
        ...(previous === undefined ? {} : { from: previous.createdAt }),
        to: version.createdAt,
      };
      const stats = await api.chapterContributions(chapter, range);
      if (seq !== this.loadSeq) return;
      const contributors = activeContributors(stats.users);
      this.set({
        versions: this.state.versions.map((entry) =>
          entry.version.id === version.id ? { ...entry, contributors } : entry,
        ),
      });
    }
  }

  private async act(action: (api: ApiClient, chapter: ChapterRef) => Promise<string>): Promise<void> {
    const chapter = this.chapter;
    const api = this.deps.api();
    if (chapter === null || api === null || this.state.isBusy) return;
    this.set({ isBusy: true, notice: null });
    try {
      const notice = await action(api, chapter);
      if (this.chapter === chapter) this.set({ isBusy: false, notice });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      if (this.chapter === chapter) this.set({ isBusy: false, notice: error.message });
    }
  }

  private set(patch: Partial<HistoryState>): void {
    this.state = { ...this.state, ...patch };
    this.host.requestUpdate();
  }
}

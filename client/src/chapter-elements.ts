import { AuthorLegend } from './components/author-legend';
import { ChapterNotes } from './components/chapter-notes';
import { CommentThread } from './components/comment-thread';
import { CommentsPanel } from './components/comments-panel';
import { MentionField } from './components/mention-field';
import { ContributionChart } from './components/contribution-chart';
import { EditNotice } from './components/edit-notice';
import { EditorPopover } from './components/editor-popover';
import { EditorToolbar } from './components/editor-toolbar';
import { HistoryPanel } from './components/history-panel';
import { PresenceBar } from './components/presence-bar';
import { PublicLink } from './components/public-link';
import { PublicChapterView } from './views/public-chapter-view';
import { ReturnReport } from './components/return-report';
import { RoundBanner } from './components/round-banner';
import { SessionPresence } from './components/session-presence';
import { SuggestionsPanel } from './components/suggestions-panel';
import { VersionDiff } from './components/version-diff';
import { VersionViewer } from './components/version-viewer';
import { BookEditor } from './editor/book-editor';
import { ChapterView } from './views/chapter-view';

/** The chapter page's elements, defined once this chunk has loaded (see main.ts). */
export const chapterElements = {
  'author-legend': AuthorLegend,
  'book-editor': BookEditor,
  'chapter-notes': ChapterNotes,
  'chapter-view': ChapterView,
  'comment-thread': CommentThread,
  'comments-panel': CommentsPanel,
  'mention-field': MentionField,
  'contribution-chart': ContributionChart,
  'edit-notice': EditNotice,
  'editor-popover': EditorPopover,
  'editor-toolbar': EditorToolbar,
  'history-panel': HistoryPanel,
  'presence-bar': PresenceBar,
  'public-link': PublicLink,
  'public-chapter-view': PublicChapterView,
  'return-report': ReturnReport,
  'round-banner': RoundBanner,
  'session-presence': SessionPresence,
  'suggestions-panel': SuggestionsPanel,
  'version-diff': VersionDiff,
  'version-viewer': VersionViewer,
} as const;

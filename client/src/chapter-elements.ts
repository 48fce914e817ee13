import { AuthorLegend } from './components/author-legend';
import { ChapterNotes } from './components/chapter-notes';
import { CommentThread } from './components/comment-thread';
import { CommentsPanel } from './components/comments-panel';
import { ContributionChart } from './components/contribution-chart';
import { EditNotice } from './components/edit-notice';
import { EditorPopover } from './components/editor-popover';
import { EditorToolbar } from './components/editor-toolbar';
import { HistoryPanel } from './components/history-panel';
import { PresenceBar } from './components/presence-bar';
import { RoundBanner } from './components/round-banner';
import { SessionPresence } from './components/session-presence';
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
  'contribution-chart': ContributionChart,
  'edit-notice': EditNotice,
  'editor-popover': EditorPopover,
  'editor-toolbar': EditorToolbar,
  'history-panel': HistoryPanel,
  'presence-bar': PresenceBar,
  'round-banner': RoundBanner,
  'session-presence': SessionPresence,
  'version-viewer': VersionViewer,
} as const;

import 'prosemirror-view/style/prosemirror.css';
import './styles/app.css';
import { registerSW } from 'virtual:pwa-register';
import { createApiClient } from './api/api-client';
import { BookApp } from './app/book-app';
import { browserNetwork, storageUnsavedStore } from './collab/browser-adapters';
import { createCollabSession } from './collab/collab-session';
import { AuthorLegend } from './components/author-legend';
import { ChapterList } from './components/chapter-list';
import { CommentThread } from './components/comment-thread';
import { CommentsPanel } from './components/comments-panel';
import { ContributionChart } from './components/contribution-chart';
import { EditorToolbar } from './components/editor-toolbar';
import { ExportDialog } from './components/export-dialog';
import { HistoryPanel } from './components/history-panel';
import { ImportEntry } from './components/import-entry';
import { InlineTitle } from './components/inline-title';
import { NotFoundPage } from './components/not-found-page';
import { NotificationBell } from './components/notification-bell';
import { PresenceBar } from './components/presence-bar';
import { RoleBadge } from './components/role-badge';
import { RoundBanner } from './components/round-banner';
import { SaveIndicator } from './components/save-indicator';
import { SessionPresence } from './components/session-presence';
import { SessionStatus } from './components/session-status';
import { VersionViewer } from './components/version-viewer';
import { BookEditor } from './editor/book-editor';
import { AuthView } from './views/auth-view';
import { BookView } from './views/book-view';
import { ChapterView } from './views/chapter-view';
import { CreditsView } from './views/credits-view';
import { HomeView } from './views/home-view';
import { InviteView } from './views/invite-view';
import { MembersView } from './views/members-view';
import { structureElements } from './book/structure-elements';

const elements = {
  'auth-view': AuthView,
  'author-legend': AuthorLegend,
  'book-app': BookApp,
  'book-editor': BookEditor,
  'book-view': BookView,
  'chapter-list': ChapterList,
  'chapter-view': ChapterView,
  'comment-thread': CommentThread,
  'comments-panel': CommentsPanel,
  'contribution-chart': ContributionChart,
  'credits-view': CreditsView,
  'editor-toolbar': EditorToolbar,
  'export-dialog': ExportDialog,
  'history-panel': HistoryPanel,
  'home-view': HomeView,
  'import-entry': ImportEntry,
  'inline-title': InlineTitle,
  'invite-view': InviteView,
  'members-view': MembersView,
  'notification-bell': NotificationBell,
  'not-found-page': NotFoundPage,
  'presence-bar': PresenceBar,
  'role-badge': RoleBadge,
  'round-banner': RoundBanner,
  'save-indicator': SaveIndicator,
  'session-presence': SessionPresence,
  'session-status': SessionStatus,
  'version-viewer': VersionViewer,
  ...structureElements,
} as const;
for (const [tag, element] of Object.entries(elements)) customElements.define(tag, element);

const defaultSyncUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/sync`;
const syncUrl: string = import.meta.env.VITE_SYNC_URL ?? defaultSyncUrl;
const network = browserNetwork(window);
const unsavedStore = storageUnsavedStore(localStorage);

const app = document.createElement('book-app');
app.services = {
  storage: localStorage,
  api: createApiClient({ fetch: (url, init) => fetch(url, init) }),
  openSession: (docName, options) =>
    createCollabSession({ syncUrl, docName, ...options, network, unsavedStore }),
  fillRandom: (bytes) => crypto.getRandomValues(bytes),
  nowMs: Date.now,
  win: window,
};
document.body.append(app);

// The service worker precaches the app shell so a chapter link reloads while offline.
if ('serviceWorker' in navigator) {
  registerSW({
    immediate: true,
    onRegisterError: (error: unknown) => console.error('service worker registration failed', error),
  });
}
